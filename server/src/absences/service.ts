import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { permissionsOfRoles } from '../auth/permissions/catalog.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { berlinDay } from '../deadlines/calendar.js';
import type { Viewer } from '../cases/viewer.js';
import { assertMayManageAbsenceOf } from './policy.js';
import { activeUser, findAbsence, listAbsences, overlapping, type AbsenceRow } from './repository.js';

export interface AbsenceInput {
  /** Whose absence; default: the signed-in person. */
  userId?: string;
  deputyId: string;
  startsOn: string;
  endsOn: string;
  note?: string;
}

/** Longest absence recorded at once (a year); a longer one is a change of the team, not a cover. */
export const MAX_ABSENCE_DAYS = 366;

const german = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
const period = (a: { starts_on: string; ends_on: string }) => `${german(a.starts_on)} bis ${german(a.ends_on)}`;

function validDay(value: string, field: string): string {
  const date = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new AppError('validation_failed', { field, detail: `„${field}“ muss ein gültiges Datum (JJJJ-MM-TT) sein.` });
  }
  return value;
}

function checkPeriod(startsOn: string, endsOn: string) {
  validDay(startsOn, 'startsOn');
  validDay(endsOn, 'endsOn');
  if (endsOn < startsOn) throw new AppError('validation_failed', { field: 'endsOn', detail: 'Das Ende der Abwesenheit („endsOn“) darf nicht vor ihrem Beginn liegen.' });
  if (endsOn < berlinDay()) throw new AppError('validation_failed', { field: 'endsOn', detail: 'Eine Abwesenheit, die schon vorbei ist, kann nicht mehr eingetragen werden.' });
  const days = (Date.parse(endsOn) - Date.parse(startsOn)) / 86_400_000 + 1;
  if (days > MAX_ABSENCE_DAYS) throw new AppError('validation_failed', { field: 'endsOn', detail: `Eine Abwesenheit darf höchstens ${MAX_ABSENCE_DAYS} Tage lang sein.` });
}

async function checkPeople(trx: Trx, tenantId: string, userId: string, deputyId: string) {
  if (userId === deputyId) throw new AppError('validation_failed', { field: 'deputyId', detail: 'Niemand kann sich selbst vertreten. Bitte wählen Sie eine andere Person.' });
  // Both rows locked in a fixed order: two absences recorded at once for the same people are checked one after the other.
  const [first, second] = [userId, deputyId].sort();
  const rows = new Map([[first!, await activeUser(trx, tenantId, first!)], [second!, await activeUser(trx, tenantId, second!)]]);
  const user = rows.get(userId);
  if (!user?.active) throw new AppError('unprocessable', { field: 'userId', detail: `Die Person „${userId}“ ist keine aktive Mitarbeiterin / kein aktiver Mitarbeiter dieser Kommune.` });
  const deputy = rows.get(deputyId);
  if (!deputy?.active) throw new AppError('unprocessable', { field: 'deputyId', detail: `Die Person „${deputyId}“ ist keine aktive Mitarbeiterin / kein aktiver Mitarbeiter dieser Kommune.` });
  if (!permissionsOfRoles(deputy.roles).has('case.transition')) {
    throw new AppError('unprocessable', { field: 'deputyId', detail: `${deputy.display_name} darf Vorgänge nicht bearbeiten und kann daher niemanden vertreten.` });
  }
  return { user, deputy };
}

/**
 * Records an absence with its deputy. Refused, with the period named: a second absence of the
 * same person overlapping this one, and a deputy who is absent themself at any day of it.
 */
export async function recordAbsence(db: Database, viewer: Viewer, input: AbsenceInput): Promise<AbsenceRow> {
  const userId = input.userId ?? viewer.userId;
  if (!userId) throw new AppError('validation_failed', { field: 'userId', detail: 'Bitte geben Sie an, wer abwesend ist („userId“).' });
  assertMayManageAbsenceOf(viewer, userId);
  checkPeriod(input.startsOn, input.endsOn);
  const note = input.note?.trim() || null;
  return withTenant(db, viewer, async (trx) => {
    const { user, deputy } = await checkPeople(trx, viewer.tenantId, userId, input.deputyId);
    const own = await overlapping(trx, viewer.tenantId, userId, input.startsOn, input.endsOn);
    if (own.length) {
      throw new AppError('absence_overlap', {
        field: 'startsOn',
        detail: `${user.display_name} ist vom ${period(own[0]!)} bereits abwesend (Vertretung: ${own[0]!.deputy_name}). Bitte ändern Sie den Zeitraum oder nehmen Sie die andere Abwesenheit zurück.`,
        extra: { existingAbsenceId: own[0]!.id },
      });
    }
    const deputyAway = await overlapping(trx, viewer.tenantId, deputy.id, input.startsOn, input.endsOn);
    if (deputyAway.length) {
      throw new AppError('deputy_absent', {
        field: 'deputyId',
        detail: `${deputy.display_name} ist vom ${period(deputyAway[0]!)} selbst abwesend und kann ${user.display_name} in dieser Zeit nicht vertreten. Bitte wählen Sie eine andere Vertretung.`,
      });
    }
    const id = uuidv7();
    await trx.insertInto('absences').values({
      id, tenant_id: viewer.tenantId, user_id: userId, deputy_id: deputy.id, starts_on: input.startsOn, ends_on: input.endsOn, note,
      created_by: viewer.userId, created_by_name: viewer.actor.name, withdrawn_at: null,
    }).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId: null, type: 'absence.recorded', actor: viewer.actor,
      data: { absenceId: id, user: { id: userId, name: user.display_name }, deputy: { id: deputy.id, name: deputy.display_name }, startsOn: input.startsOn, endsOn: input.endsOn },
    });
    return (await findAbsence(trx, viewer.tenantId, id))!;
  });
}

export async function withdrawAbsence(db: Database, viewer: Viewer, absenceId: string): Promise<void> {
  await withTenant(db, viewer, async (trx) => {
    const absence = await findAbsence(trx, viewer.tenantId, absenceId);
    if (!absence) throw new AppError('not_found', { detail: 'Diese Abwesenheit gibt es nicht (mehr).' });
    assertMayManageAbsenceOf(viewer, absence.user_id);
    await trx.updateTable('absences').set({ withdrawn_at: new Date() }).where('tenant_id', '=', viewer.tenantId).where('id', '=', absenceId).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId: null, type: 'absence.withdrawn', actor: viewer.actor,
      data: { absenceId, user: { id: absence.user_id, name: absence.user_name }, startsOn: absence.starts_on, endsOn: absence.ends_on },
    });
  });
}

/** Current and coming absences: the viewer's own and those they cover, or (team lead) everybody's. */
export async function absencesFor(db: Database, viewer: Viewer, scope: 'mine' | 'all'): Promise<AbsenceRow[]> {
  if (scope === 'all' && !viewer.permissions.has('absence.manage_others')) {
    throw new AppError('forbidden', { field: 'scope', detail: 'Die Abwesenheiten aller Personen sieht nur die Teamleitung oder die Administration.' });
  }
  return withTenant(db, viewer, (trx) => listAbsences(trx, viewer.tenantId, {
    from: berlinDay(), ...(scope === 'mine' ? { involving: viewer.userId ?? '00000000-0000-0000-0000-000000000000' } : {}),
  }));
}
