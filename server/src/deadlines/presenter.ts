import { berlinDay, nonWorkingReason, workingDaysBetween, type HolidayState } from './calendar.js';
import { RUNNING_STATUSES } from './repository.js';

export interface DeadlineFields {
  status: string;
  due_on: string | null;
  deadline_paused_on: string | null;
  due_requested_on: string | null;
  deemed_approval?: boolean;
  deadline_kind?: string | null;
  holiday_state?: HolidayState | null;
}

export type DeadlineState = 'running' | 'due_today' | 'overdue' | 'paused' | 'met';

/**
 * A case's deadline as the desk shows it: the due day, the working days left (negative: overdue by),
 * paused since, and why the day differs from the one asked for (weekend or holiday: next working day).
 */
export function presentDeadline(row: DeadlineFields, today = berlinDay()) {
  if (!row.due_on) return null;
  const state = row.holiday_state ?? null;
  const met = !(RUNNING_STATUSES as readonly string[]).includes(row.status);
  let status: DeadlineState;
  let remainingWorkingDays: number | null = null;
  if (met) status = 'met';
  else if (row.deadline_paused_on) status = 'paused';
  else if (row.due_on < today) {
    status = 'overdue';
    // The due day itself was still in time: overdue by the working days since then (at least 1).
    remainingWorkingDays = -Math.max(1, workingDaysBetween(row.due_on, today, state));
  } else {
    remainingWorkingDays = workingDaysBetween(today, row.due_on, state);
    status = remainingWorkingDays === 0 ? 'due_today' : 'running';
  }
  const shifted = row.due_requested_on && row.due_requested_on !== row.due_on
    ? { requestedOn: row.due_requested_on, reason: nonWorkingReason(row.due_requested_on, state) ?? 'kein Arbeitstag' }
    : null;
  return {
    dueOn: row.due_on,
    status,
    remainingWorkingDays,
    pausedSince: row.deadline_paused_on,
    kind: row.deadline_kind === 'statutory' ? 'statutory' as const : 'target' as const,
    deemedApproval: row.deemed_approval ?? false,
    shiftedFrom: shifted,
  };
}
