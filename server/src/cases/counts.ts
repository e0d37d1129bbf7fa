import { sql } from 'kysely';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { applyFilters, withCoverage, type CaseFilters } from './repository.js';
import { resolveAssigneeFilter } from './queries.js';
import type { Viewer } from './viewer.js';
import { applySearchBudget, DEFAULT_SEARCH_BUDGET, searchTooBroad, type SearchBudget } from './search-budget.js';

/*
 * Status counts for the inbox chips and the dashboard (issue #20, decision 0014).
 * - Filters the counters cover (org unit scope, org unit, service, assignee): summed from the
 *   counter rows (migration 0034), whatever the tenant's size. Exact.
 * - Any other filter (search text, received range, overdue follow-up): counted over at most
 *   COUNT_LIMIT + 1 matching cases; beyond COUNT_LIMIT the answer is "more than COUNT_LIMIT".
 */

/** Counts with a search text or date range are exact up to this number ("mehr als 1.000"). */
export const COUNT_LIMIT = 1000;

export interface CaseCounts {
  byStatus: Record<string, number>;
  total: number;
  /** false: more than `total` cases match; byStatus is then left empty. */
  exact: boolean;
}

/** Filters the counters can answer; everything else needs the cases themselves. */
function coveredByCounters(filters: CaseFilters): boolean {
  return !filters.q?.trim() && !filters.receivedFrom && !filters.receivedTo && !filters.followUp
    && !filters.deadline && filters.dueWithin === undefined && !filters.deputy;
}

/**
 * Counts per status from the counters: the folded rows plus the deltas not folded yet, in one
 * statement (one snapshot), so a concurrent fold is seen entirely or not at all.
 */
export async function counterCounts(trx: Trx, viewer: Viewer, filters: Pick<CaseFilters, 'orgUnitId' | 'serviceId' | 'assigneeId'>): Promise<Record<string, number>> {
  const conditions = [sql`tenant_id = ${viewer.tenantId}`];
  if (viewer.orgUnitIds.length) conditions.push(sql`org_unit_id = any(${viewer.orgUnitIds}::uuid[])`);
  if (viewer.serviceIds) conditions.push(sql`service_id = any(${viewer.serviceIds}::uuid[])`);
  if (filters.orgUnitId) conditions.push(sql`org_unit_id = ${filters.orgUnitId}`);
  if (filters.serviceId) conditions.push(sql`service_id = ${filters.serviceId}`);
  if (filters.assigneeId === null) conditions.push(sql`assignee_id is null`);
  else if (filters.assigneeId) conditions.push(sql`assignee_id = ${filters.assigneeId}`);
  const where = sql.join(conditions, sql` and `);
  const { rows } = await sql<{ status: string; n: string }>`
    select status, sum(n) as n from (
      select status, n from case_counts where ${where}
      union all
      select status, n from case_count_deltas where ${where}
    ) c group by status having sum(n) <> 0`.execute(trx);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/**
 * Counts over at most COUNT_LIMIT + 1 matching cases. A search text goes through the same bounded
 * search as an inbox page (the newest matches first), so a frequent word costs one long page,
 * never a count of every match.
 */
async function boundedCounts(trx: Trx, viewer: Viewer, filters: CaseFilters): Promise<CaseCounts> {
  const rows = COUNT_LIMIT + 1;
  const matches = applyFilters(trx.selectFrom('cases'), viewer, filters, false, { sort: '-received_at', rows })
    .select('cases.status')
    .limit(rows)
    .as('m');
  const counted = await trx.selectFrom(matches).select(['m.status', sql<string>`count(*)`.as('n')]).groupBy('m.status').execute();
  const total = counted.reduce((sum, r) => sum + Number(r.n), 0);
  if (total > COUNT_LIMIT) return { byStatus: {}, total: COUNT_LIMIT, exact: false };
  return { byStatus: Object.fromEntries(counted.map((r) => [r.status, Number(r.n)])), total, exact: true };
}

export async function countCases(db: Database, viewer: Viewer, filters: CaseFilters & { assignee?: string }, budget: SearchBudget = DEFAULT_SEARCH_BUDGET): Promise<CaseCounts> {
  const assigneeId = resolveAssigneeFilter(viewer, filters.assignee);
  const resolved = { ...filters, assigneeId };
  try {
    return await withTenant(db, viewer, async (trx) => {
      if (coveredByCounters(resolved)) {
        const byStatus = await counterCounts(trx, viewer, resolved);
        return { byStatus, total: Object.values(byStatus).reduce((sum, n) => sum + n, 0), exact: true };
      }
      if (resolved.q?.trim()) await applySearchBudget(trx, budget);
      return boundedCounts(trx, await withCoverage(trx, viewer), resolved);
    });
  } catch (error) {
    return overBudget(error, budget);
  }
}

/**
 * A search count that outgrew the search budget: more matches than the budget is a true "mehr als",
 * so it is answered as one; a statement timeout says nothing about the number, so it gets the same
 * "bitte eingrenzen" as the inbox page. Anything else stays an error.
 */
function overBudget(error: unknown, budget: SearchBudget): CaseCounts {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'AD001') return { byStatus: {}, total: Math.min(budget.rows, COUNT_LIMIT), exact: false };
  if (code === '57014') throw searchTooBroad();
  throw error;
}

/** Moves the committed deltas into the counters (all tenants); returns how many it folded. */
export async function foldCaseCounts(db: Database): Promise<number> {
  const { rows } = await sql<{ folded: number }>`select case_counts_fold() as folded`.execute(db.kysely);
  return Number(rows[0]?.folded ?? 0);
}
