import { sql } from 'kysely';
import { RUNNING_STATUSES } from './repository.js';
import { berlinDay } from './calendar.js';

/*
 * What the inbox (server/src/cases) needs from deadlines: the filter conditions. They use the
 * cases_by_due index (tenant_id, due_sort, id) as a range, never a per-row sub-select.
 */

export const DEADLINE_FILTERS = ['overdue', 'paused', 'running'] as const;
export type DeadlineFilter = (typeof DEADLINE_FILTERS)[number];

const running = sql`cases.status in (${sql.join(RUNNING_STATUSES.map((s) => sql.lit(s)))})`;

/**
 * overdue: the due day has passed, the deadline runs (not paused, not yet decided); paused: a query
 * awaits the applicant; running: has a deadline that still runs. dueWithin n: runs and is due
 * between today and today + n calendar days (overdue ones not included).
 */
export function deadlineCondition(filters: { deadline?: DeadlineFilter; dueWithin?: number }) {
  // Today as the deadline code counts it (the server's clock, like the presenter), not the database's.
  const berlinToday = sql`${berlinDay()}::date`;
  const parts = [];
  if (filters.deadline === 'overdue') parts.push(sql`cases.due_sort < ${berlinToday} and cases.deadline_paused_on is null and ${running}`);
  if (filters.deadline === 'paused') parts.push(sql`cases.deadline_paused_on is not null and ${running}`);
  if (filters.deadline === 'running') parts.push(sql`cases.due_on is not null and cases.deadline_paused_on is null and ${running}`);
  if (filters.dueWithin !== undefined) {
    parts.push(sql`cases.due_sort >= ${berlinToday} and cases.due_sort <= ${berlinToday} + ${filters.dueWithin}::integer
      and cases.deadline_paused_on is null and ${running}`);
  }
  return parts.length ? sql<boolean>`(${sql.join(parts, sql` and `)})` : null;
}
