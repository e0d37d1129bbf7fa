import type { Trx } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { appendEvent } from '../events/chain.js';
import { addWorkingDays, berlinDay, workingDaysBetween } from './calendar.js';
import { caseDeadline, holidayStateOf, RUNNING_STATUSES, setCaseDeadline } from './repository.js';

const running = (status: string) => (RUNNING_STATUSES as readonly string[]).includes(status);

/**
 * A query to the applicant that awaits a reply (a message with a reply-by date, mailbox/service.ts)
 * stops the case's deadline from today, in the caller's transaction. A second query while one is
 * open changes nothing: the deadline stays paused since the first.
 */
export async function pauseDeadline(trx: Trx, tenantId: string, caseId: string, actor: Actor, messageId: string): Promise<void> {
  const kase = await caseDeadline(trx, tenantId, caseId, true);
  if (!kase?.due_on || kase.paused_on || !running(kase.status)) return;
  const today = berlinDay();
  await setCaseDeadline(trx, tenantId, caseId, { deadline_paused_on: today });
  await appendEvent(trx, tenantId, { caseId, type: 'deadline.paused', actor, data: { pausedOn: today, dueOn: kase.due_on, messageId } });
}

/**
 * The applicant's reply lets the deadline run again: the due day moves by the working days that
 * passed while it was paused (the day of the query counts as worked, the day of the reply as paused).
 */
export async function resumeDeadline(trx: Trx, tenantId: string, caseId: string, actor: Actor, messageId: string): Promise<void> {
  const kase = await caseDeadline(trx, tenantId, caseId, true);
  if (!kase?.due_on || !kase.paused_on) return;
  const state = await holidayStateOf(trx, tenantId);
  const today = berlinDay();
  const pausedWorkingDays = workingDaysBetween(kase.paused_on, today, state);
  const dueOn = addWorkingDays(kase.due_on, pausedWorkingDays, state);
  await setCaseDeadline(trx, tenantId, caseId, { due_on: dueOn, deadline_paused_on: null });
  await appendEvent(trx, tenantId, {
    caseId, type: 'deadline.resumed', actor,
    data: { pausedOn: kase.paused_on, resumedOn: today, pausedWorkingDays, dueOn: { from: kase.due_on, to: dueOn }, messageId },
  });
}
