import { sql } from 'kysely';
import { withTenant, type Database } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { findCase } from '../cases/repository.js';
import { caseNotFound } from '../cases/queries.js';
import type { Viewer } from '../cases/viewer.js';
import { listGrantRows, partnerNames, type GrantRow } from './repository.js';

/** The cases' grants with the grantee's name, for the owner's case detail. */
export async function grantsOfCase(db: Database, viewer: Viewer, caseId: string): Promise<Array<GrantRow & { grantee_name: string }>> {
  return withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    const rows = await listGrantRows(trx, caseId);
    const names = await partnerNames(trx, [...new Set(rows.map((r) => r.grantee_tenant_id))]);
    return rows.map((r) => ({ ...r, grantee_name: names.get(r.grantee_tenant_id) ?? '?' }));
  });
}

/**
 * The owner asks for help on one case: only under its own assistance agreement, accepted and valid
 * today (otherwise 404, as if the agreement did not exist — nothing changes). The database checks
 * the same again when the grant is written (case_grant_guard, migration 0057).
 */
export async function shareCase(db: Database, viewer: Viewer, caseId: string, agreementId: string) {
  return withTenant(db, viewer, async (trx) => {
    const row = await findCase(trx, viewer, caseId);
    if (!row) throw caseNotFound(caseId);
    const agreement = await trx.selectFrom('delegation_agreements')
      .select(['id', 'acceptor_tenant_id', 'acceptor_org_unit_id'])
      .where('id', '=', agreementId).where('proposer_tenant_id', '=', viewer.tenantId)
      .where('kind', '=', 'assistance').where('status', '=', 'accepted')
      .where(sql<boolean>`berlin_today() >= valid_from and (valid_until is null or berlin_today() <= valid_until)`)
      .executeTakeFirst();
    if (!agreement) {
      throw new AppError('not_found', { field: 'agreementId', detail: `Eine gültige, angenommene Amtshilfe-Vereinbarung „${agreementId}“ gibt es nicht.` });
    }
    const open = await trx.selectFrom('case_grants').select('id')
      .where('case_id', '=', caseId).where('grantee_tenant_id', '=', agreement.acceptor_tenant_id).where('revoked_at', 'is', null).executeTakeFirst();
    if (open) throw new AppError('duplicate', { detail: 'Der Vorgang ist für diese Kommune bereits freigegeben.' });
    const id = uuidv7();
    await trx.insertInto('case_grants').values({
      id, tenant_id: viewer.tenantId, case_id: caseId, agreement_id: agreement.id, grantee_tenant_id: agreement.acceptor_tenant_id,
      grantee_org_unit_id: agreement.acceptor_org_unit_id, granted_by_name: viewer.actor.name,
    }).execute();
    const names = await partnerNames(trx, [agreement.acceptor_tenant_id]);
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'delegation.case_shared', actor: viewer.actor,
      data: { grantId: id, agreementId: agreement.id, grantee: names.get(agreement.acceptor_tenant_id) ?? null },
    });
    return id;
  });
}

/** The owner ends one grant; the helper's next request on the case answers 404. */
export async function revokeShare(db: Database, viewer: Viewer, caseId: string, grantId: string): Promise<void> {
  await withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    const done = await trx.updateTable('case_grants').set({ revoked_at: new Date() })
      .where('id', '=', grantId).where('case_id', '=', caseId).where('revoked_at', 'is', null)
      .returning(['grantee_tenant_id']).executeTakeFirst();
    if (!done) throw new AppError('not_found', { detail: `Eine offene Freigabe „${grantId}“ gibt es für diesen Vorgang nicht.` });
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'delegation.share_revoked', actor: viewer.actor, data: { grantId } });
  });
}
