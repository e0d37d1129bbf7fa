import { sql } from 'kysely';
import { DEFERRED, type Trx } from '../db/database.js';
import { AppError } from '../shared/errors.js';

/**
 * The work one inbox search may do (decision 0015). `rows`: the rows the search function may walk
 * and the matches it may gather (migration 0035 reads it as `amtsdesk.search_budget`); `timeoutMs`:
 * PostgreSQL's statement_timeout for the search transaction, the backstop for anything the row budget
 * does not foresee. Both are transaction-local, so they never stay on a pooled connection.
 */
export interface SearchBudget {
  rows: number;
  timeoutMs: number;
}

export const DEFAULT_SEARCH_BUDGET: SearchBudget = { rows: 10_000, timeoutMs: 2_000 };

export function searchBudgetOf(config: { search?: { budgetRows?: number; timeoutMs?: number } }): SearchBudget {
  return {
    rows: config.search?.budgetRows ?? DEFAULT_SEARCH_BUDGET.rows,
    timeoutMs: config.search?.timeoutMs ?? DEFAULT_SEARCH_BUDGET.timeoutMs,
  };
}

/** Sent with the search statement itself (DEFERRED): no extra round trip. */
export async function applySearchBudget(trx: Trx, budget: SearchBudget): Promise<void> {
  await sql`${sql.raw(DEFERRED)}select set_config('amtsdesk.search_budget', ${String(budget.rows)}, true), set_config('statement_timeout', ${String(budget.timeoutMs)}, true)`.execute(trx);
}

/** SQLSTATE of search_within_budget() (0035), and PostgreSQL's query_canceled (statement timeout). */
const TOO_BROAD = new Set(['AD001', '57014']);

export const searchTooBroad = () => new AppError('search_too_broad', { extra: { hint: 'narrow_search' } });

/** A search that hit its budget becomes the German "bitte eingrenzen" answer; anything else stays as it is. */
export function asSearchTooBroad(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TOO_BROAD.has(code) ? searchTooBroad() : error;
}
