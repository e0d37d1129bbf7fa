import type { Database, Trx } from '../db/database.js';
import { withPlatform } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';

/** Everything an operator can do that changes something or signs them in; the console's audit lists these. */
export const OPERATOR_ACTIONS = [
  'operator.signed_in',
  'tenant.provisioned',
  'tenant.invitation_renewed',
  'submission.routed',
  'submission.rejected',
  'dead_letter.retried',
  'audit.checkpoint_taken',
  'intake_token.created',
  'intake_token.revoked',
] as const;
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];

export interface OperatorActionInput {
  operator: { operatorId: string; displayName: string };
  action: OperatorAction;
  tenantId?: string | null;
  subjectId?: string | null;
  /** Ids, codes and the operator's own words (a rejection reason); never content of an application. */
  detail?: Record<string, string | number | boolean | null>;
}

/** Appends one line to the platform audit, inside the caller's transaction when one is given. */
export async function recordOperatorAction(target: Database | Trx, input: OperatorActionInput): Promise<void> {
  const write = (trx: Trx) =>
    trx
      .insertInto('platform_audit')
      .values({
        id: uuidv7(),
        operator_id: input.operator.operatorId,
        operator_name: input.operator.displayName,
        action: input.action,
        tenant_id: input.tenantId ?? null,
        subject_id: input.subjectId ?? null,
        detail: JSON.stringify(input.detail ?? {}),
      })
      .execute();
  if ('kysely' in target) await withPlatform(target, write);
  else await write(target);
}

export interface OperatorAuditQuery {
  operatorId?: string;
  action?: OperatorAction;
  limit: number;
  /** The id of the last line of the previous page (ids are UUIDv7: time-ordered). */
  before?: string;
}

/** Newest first, keyset paged, with the tenant's name where one is named. */
export async function listOperatorActions(db: Database, query: OperatorAuditQuery) {
  const rows = await withPlatform(db, (trx) => {
    let q = trx
      .selectFrom('platform_audit as a')
      .leftJoin('tenants as t', 't.id', 'a.tenant_id')
      .select(['a.id', 'a.operator_id', 'a.operator_name', 'a.action', 'a.tenant_id', 'a.subject_id', 'a.detail', 'a.at', 't.name as tenant_name'])
      .orderBy('a.id', 'desc')
      .limit(query.limit + 1);
    if (query.operatorId) q = q.where('a.operator_id', '=', query.operatorId);
    if (query.action) q = q.where('a.action', '=', query.action);
    if (query.before) q = q.where('a.id', '<', query.before);
    return q.execute();
  });
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

export type OperatorAuditRow = Awaited<ReturnType<typeof listOperatorActions>>['items'][number];

