import type { Trx } from '../db/database.js';
import { permissionsOfRoles } from '../auth/permissions/catalog.js';
import { AppError } from '../shared/errors.js';

const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today as yyyy-mm-dd in German local time. */
export function todayInBerlin(now = new Date()): string {
  return berlinDay.format(now);
}

/** A real calendar day that is not in the past. */
export function checkDueDate(value: string): string {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new AppError('validation_failed', { field: 'dueDate', detail: `„${value}“ ist kein gültiges Datum. Bitte geben Sie das Fälligkeitsdatum („dueDate“) an.` });
  }
  if (value < todayInBerlin()) {
    throw new AppError('validation_failed', { field: 'dueDate', detail: 'Das Fälligkeitsdatum („dueDate“) darf nicht in der Vergangenheit liegen.' });
  }
  return value;
}

export function checkSubject(value: string): string {
  const text = value.trim();
  if (!text) throw new AppError('validation_failed', { field: 'subject', detail: 'Bitte geben Sie einen Betreff („subject“) an.' });
  return text;
}

/**
 * The person a follow-up reminds must be an active colleague who may work on cases and has access
 * to the case's org unit (otherwise the reminder would point at a case they cannot open).
 */
export async function checkOwner(trx: Trx, tenantId: string, ownerId: string, orgUnitId: string) {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'display_name', 'roles', 'org_unit_ids', 'active'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', ownerId)
    .executeTakeFirst();
  if (!user || !user.active) {
    throw new AppError('unprocessable', { field: 'ownerId', detail: `Die Person „${ownerId}“ ist keine aktive Mitarbeiterin / kein aktiver Mitarbeiter dieser Kommune.` });
  }
  if (!permissionsOfRoles(user.roles).has('followup.write')) {
    throw new AppError('unprocessable', { field: 'ownerId', detail: `${user.display_name} darf Vorgänge nicht bearbeiten und kann daher keine Wiedervorlage erhalten.` });
  }
  if (user.org_unit_ids.length && !user.org_unit_ids.includes(orgUnitId)) {
    throw new AppError('unprocessable', { field: 'ownerId', detail: `${user.display_name} hat keinen Zugriff auf die Organisationseinheit dieses Vorgangs.` });
  }
  return user;
}

/** The calendar day n days after a yyyy-mm-dd day (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
