import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';

/** Roles that work on incoming cases and so are told about new ones in the desk. */
export const NOTIFIED_ROLES = ['intake', 'caseworker'];

/**
 * Tells the people of a new case's org unit about it in the desk: every active user with an intake
 * or caseworker role whose org units include the case's unit (no org units = all units). Runs in
 * the outbox worker's transaction that delivers the 'case.created' domain event, so the intake
 * transaction gains nothing. A repeated delivery adds nothing (unique user + case + kind). A case
 * that has left 'new' before delivery (accepted, forwarded, rejected — or a demo case walked on to
 * its status) is old news: nobody is notified.
 */
export async function notifyNewCase(trx: Trx, tenantId: string, caseId: string): Promise<number> {
  const recipients = await trx
    .selectFrom('users as u')
    .innerJoin('cases as c', (join) => join.onRef('c.tenant_id', '=', 'u.tenant_id'))
    .select('u.id')
    .where('u.tenant_id', '=', tenantId)
    .where('c.id', '=', caseId)
    .where('c.status', '=', 'new')
    .where('u.active', '=', true)
    .where(sql<boolean>`u.roles && ${sql.val(NOTIFIED_ROLES)}::text[]`)
    .where(sql<boolean>`(cardinality(u.org_unit_ids) = 0 or c.org_unit_id = any(u.org_unit_ids))`)
    .orderBy('u.id')
    .execute();
  if (!recipients.length) return 0;
  const result = await trx
    .insertInto('notifications')
    .values(recipients.map((r) => ({ id: uuidv7(), tenant_id: tenantId, user_id: r.id, kind: 'case.new', case_id: caseId })))
    .onConflict((oc) => oc.columns(['user_id', 'case_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}
