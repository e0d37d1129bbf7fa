import { sql } from 'kysely';
import type { Trx } from '../db/database.js';

/*
 * What the inbox (server/src/cases) needs from follow-ups. This file imports nothing from the cases
 * module, so the cases repository can use it without an import cycle.
 */

/** Today in German local time: a follow-up due before it and still open is overdue. */
export const berlinToday = sql<string>`(now() at time zone 'Europe/Berlin')::date`;

export interface NextFollowUp {
  dueDate: string;
  overdue: boolean;
}

/** The earliest open follow-up of each of the given cases, in one query for a whole page. */
export async function nextOpenFollowUps(trx: Trx, tenantId: string, caseIds: string[]): Promise<Map<string, NextFollowUp>> {
  if (!caseIds.length) return new Map();
  const rows = await trx
    .selectFrom('follow_ups')
    .select(['case_id', sql<string>`min(due_date)::text`.as('due_date'), sql<boolean>`min(due_date) < ${berlinToday}`.as('overdue')])
    .where('tenant_id', '=', tenantId)
    .where('case_id', 'in', caseIds)
    .where('done_at', 'is', null)
    .groupBy('case_id')
    .execute();
  return new Map(rows.map((r) => [r.case_id, { dueDate: r.due_date, overdue: r.overdue }]));
}

/** Condition for the inbox filter followUp=overdue: the case has an open follow-up due before today. */
export function hasOverdueFollowUp(tenantId: string) {
  return sql<boolean>`cases.id in (select f.case_id from follow_ups f
    where f.tenant_id = ${tenantId} and f.done_at is null and f.due_date < ${berlinToday})`;
}
