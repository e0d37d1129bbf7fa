import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { findCase } from '../cases/repository.js';
import { caseNotFound, loadCaseDetail, type CaseDetail } from '../cases/queries.js';
import { actingActor, type Viewer } from '../cases/viewer.js';
import { assertWritable } from '../cases/policy.js';
import { addWorkingDays, nextWorkingDay, nonWorkingReason } from './calendar.js';
import { holidayStateOf, RUNNING_STATUSES, setCaseDeadline } from './repository.js';

export interface ExtensionInput {
  workingDays?: number;
  dueOn?: string;
  reason: string;
}

const notExtendable = (detail: string) => new AppError('deadline_not_extendable', { detail });

/**
 * A person extends a case's deadline, by working days or to a chosen day, with a reason (history
 * event). A chosen day that is no working day becomes the next one; the case keeps the day asked
 * for, so the desk can explain the difference.
 */
export async function extendDeadline(db: Database, viewer: Viewer, caseId: string, input: ExtensionInput): Promise<CaseDetail> {
  const reason = input.reason?.trim() ?? '';
  if (!reason) throw new AppError('validation_failed', { field: 'reason', detail: 'Bitte begründen Sie die Verlängerung („reason“).' });
  if ((input.workingDays === undefined) === (input.dueOn === undefined)) {
    throw new AppError('validation_failed', { field: 'workingDays', detail: 'Bitte geben Sie entweder die Anzahl Arbeitstage („workingDays“) oder ein neues Fristende („dueOn“) an.' });
  }
  if (input.dueOn !== undefined) {
    const date = new Date(`${input.dueOn}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== input.dueOn) {
      throw new AppError('validation_failed', { field: 'dueOn', detail: 'Das neue Fristende („dueOn“) muss ein gültiges Datum (JJJJ-MM-TT) sein.' });
    }
  }
  return withTenant(db, viewer, async (trx) => {
    const row = await findCase(trx, viewer, caseId);
    if (!row) throw caseNotFound(caseId);
    assertWritable(row);
    if (!row.due_on) throw notExtendable('Für die Leistung dieses Vorgangs ist keine Bearbeitungsfrist festgelegt.');
    if (!(RUNNING_STATUSES as readonly string[]).includes(row.status)) throw notExtendable('Der Vorgang ist bereits beschieden oder abgeschlossen; seine Frist ist erledigt.');
    const state = await holidayStateOf(trx, viewer.tenantId);
    let dueOn: string;
    let requestedOn: string | null = null;
    if (input.workingDays !== undefined) dueOn = addWorkingDays(row.due_on, input.workingDays, state);
    else {
      if (input.dueOn! <= row.due_on) {
        throw new AppError('validation_failed', { field: 'dueOn', detail: `Das neue Fristende muss nach dem bisherigen (${row.due_on.split('-').reverse().join('.')}) liegen.` });
      }
      dueOn = nextWorkingDay(input.dueOn!, state);
      if (dueOn !== input.dueOn) requestedOn = input.dueOn!;
    }
    await setCaseDeadline(trx, viewer.tenantId, caseId, { due_on: dueOn, due_requested_on: requestedOn });
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'deadline.extended', actor: actingActor(viewer, row),
      data: {
        dueOn: { from: row.due_on, to: dueOn }, reason,
        ...(requestedOn ? { requestedOn, movedBecause: nonWorkingReason(requestedOn, state) } : {}),
      },
    });
    return loadCaseDetail(trx, viewer, caseId);
  });
}
