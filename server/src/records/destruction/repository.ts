import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import { BUILT_IN_RULE } from '../rules.js';
import './tables.js';

export interface CandidateRow { case_id: string; case_number: string; service_name: string; appraisal: 'A' | 'B' | 'V'; due_at: Date }

/**
 * Cases the next list proposes: closed, retention ended by asOf (retention_due_at, the one
 * definition), no active legal hold, not on a list from which they may still be destroyed, and no
 * purge order (pending, running, done or failed: the purge worker owns them from then on).
 */
export async function destructionCandidates(trx: Trx, asOf: Date, limit: number): Promise<CandidateRow[]> {
  // The due date is stored on the case (migration 0063) and indexed with the tenant: the due cases
  // are read in due order, not computed for every closed case.
  const result = await sql<CandidateRow>`
    SELECT c.id AS case_id, c.case_number, s.name AS service_name,
           coalesce(rs.appraisal, rd.appraisal, ${BUILT_IN_RULE.appraisal}::text) AS appraisal,
           c.retention_due_at AS due_at
    FROM cases c
    JOIN services s ON s.tenant_id = c.tenant_id AND s.id = c.service_id
    LEFT JOIN retention_rules rs ON rs.tenant_id = c.tenant_id AND rs.service_id = c.service_id
    LEFT JOIN retention_rules rd ON rd.tenant_id = c.tenant_id AND rd.service_id IS NULL
    WHERE c.tenant_id = current_tenant_id() AND c.retention_due_at <= ${asOf}
      AND c.status IN ('closed', 'deletion_requested')
      AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = c.tenant_id AND h.case_id = c.id AND h.released_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM destruction_list_entries e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.state = 'included')
      AND NOT EXISTS (SELECT 1 FROM purge_orders p WHERE p.tenant_id = c.tenant_id AND p.case_id = c.id)
    ORDER BY c.retention_due_at, c.case_number
    LIMIT ${limit}`.execute(trx);
  return result.rows;
}

export const LIST_COLUMNS = [
  'id', 'number', 'state', 'as_of', 'proposed_at', 'approved_by', 'approved_by_name', 'approved_at', 'confirmed_by', 'confirmed_by_name', 'confirmed_at',
] as const;

export interface ListRow {
  id: string; number: number; state: string; as_of: Date; proposed_at: Date;
  approved_by: string | null; approved_by_name: string | null; approved_at: Date | null;
  confirmed_by: string | null; confirmed_by_name: string | null; confirmed_at: Date | null;
}

export async function listInReview(trx: Trx): Promise<{ id: string } | undefined> {
  return trx.selectFrom('destruction_lists').select('id').where('state', 'in', ['proposed', 'approved']).executeTakeFirst();
}

export async function nextListNumber(trx: Trx): Promise<number> {
  const row = await trx.selectFrom('destruction_lists').select((eb) => eb.fn.max('number').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

/** The list, locked until the transaction ends (steps on one list happen one after another). */
export async function lockList(trx: Trx, listId: string): Promise<ListRow | undefined> {
  return trx.selectFrom('destruction_lists').select(LIST_COLUMNS).where('id', '=', listId).forUpdate().executeTakeFirst();
}

export interface EntryRow {
  case_id: string; case_number: string; service_name: string; appraisal: string; due_at: Date; state: string; archive: string;
  archive_answered_at: Date | null; removed_reason: string | null; removed_by_name: string | null; removed_at: Date | null;
  purge_order_id: string | null; on_hold: boolean;
}

/** The entries of a list by case number, each with whether its case is under an active legal hold now. */
export async function entriesOf(trx: Trx, listId: string): Promise<EntryRow[]> {
  const rows = await trx
    .selectFrom('destruction_list_entries as e')
    .select([
      'e.case_id', 'e.case_number', 'e.service_name', 'e.appraisal', 'e.due_at', 'e.state', 'e.archive', 'e.archive_answered_at',
      'e.removed_reason', 'e.removed_by_name', 'e.removed_at', 'e.purge_order_id',
    ])
    .select((eb) => eb.exists(
      eb.selectFrom('legal_holds as h').select('h.id').whereRef('h.tenant_id', '=', 'e.tenant_id').whereRef('h.case_id', '=', 'e.case_id').where('h.released_at', 'is', null),
    ).as('on_hold'))
    .where('e.list_id', '=', listId)
    .orderBy('e.case_number')
    .execute();
  return rows.map((r) => ({ ...r, on_hold: Boolean(r.on_hold) }));
}

export interface ListSummaryRow extends ListRow { included: number; waiting: number; removed: number; ordered: number }

/** Every list of the tenant, newest first, with its counts. */
export async function listSummaries(trx: Trx): Promise<ListSummaryRow[]> {
  const rows = await trx
    .selectFrom('destruction_lists as l')
    .select(LIST_COLUMNS.map((c) => `l.${c}` as const))
    .select(() => [
      countWhere("e.state = 'included'").as('included'),
      countWhere("e.state = 'included' AND e.archive = 'awaiting'").as('waiting'),
      countWhere("e.state = 'removed'").as('removed'),
      countWhere("e.state = 'ordered'").as('ordered'),
    ])
    .leftJoin('destruction_list_entries as e', (j) => j.onRef('e.list_id', '=', 'l.id').onRef('e.tenant_id', '=', 'l.tenant_id'))
    .groupBy(LIST_COLUMNS.map((c) => `l.${c}` as const))
    .orderBy('l.number', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, included: Number(r.included), waiting: Number(r.waiting), removed: Number(r.removed), ordered: Number(r.ordered) })) as ListSummaryRow[];
}

/** A count of the joined entries matching a fixed condition (constants only, never input). */
const countWhere = (condition: string) => sql<number>`count(*) FILTER (WHERE ${sql.raw(condition)})`;

export interface LogRow { at: Date; action: string; actor_name: string; case_number: string | null; reason: string | null }

export async function logOf(trx: Trx, listId: string): Promise<LogRow[]> {
  return trx.selectFrom('destruction_list_log').select(['at', 'action', 'actor_name', 'case_number', 'reason']).where('list_id', '=', listId).orderBy('id').execute();
}

export interface LogEntry { action: string; actorName: string; caseNumber?: string | null; reason?: string | null; detail?: Record<string, unknown> }

export async function appendLog(trx: Trx, tenantId: string, listId: string, entries: LogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('destruction_list_log')
    .values(entries.map((e) => ({
      tenant_id: tenantId, list_id: listId, action: e.action, actor_name: e.actorName,
      case_number: e.caseNumber ?? null, reason: e.reason ?? null, detail: JSON.stringify(e.detail ?? {}),
    })))
    .execute();
}
