import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { isHolidayState, type HolidayState } from './calendar.js';

/** Statuses in which a case's deadline still runs; after a decision (or rejection) it is met. */
export const RUNNING_STATUSES = ['new', 'accepted', 'in_progress', 'forwarded', 'reopened'] as const;

export async function holidayStateOf(trx: Trx, tenantId: string): Promise<HolidayState | null> {
  const row = await trx.selectFrom('deadline_settings').select('holiday_state').where('tenant_id', '=', tenantId).executeTakeFirst();
  return isHolidayState(row?.holiday_state) ? row.holiday_state : null;
}

export interface CaseDeadlineRow {
  id: string;
  status: string;
  due_on: string | null;
  paused_on: string | null;
}

export async function caseDeadline(trx: Trx, tenantId: string, caseId: string, forUpdate = false): Promise<CaseDeadlineRow | undefined> {
  let q = trx.selectFrom('cases')
    .select(['id', 'status', sql<string | null>`due_on::text`.as('due_on'), sql<string | null>`deadline_paused_on::text`.as('paused_on')])
    .where('tenant_id', '=', tenantId).where('id', '=', caseId);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function setCaseDeadline(trx: Trx, tenantId: string, caseId: string, set: { due_on?: string; deadline_paused_on?: string | null; due_requested_on?: string | null }) {
  await trx.updateTable('cases').set(set).where('tenant_id', '=', tenantId).where('id', '=', caseId).execute();
}
