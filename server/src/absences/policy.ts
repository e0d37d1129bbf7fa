import type { Permission } from '../auth/permissions/catalog.js';
import { AppError } from '../shared/errors.js';

/**
 * Who may record or withdraw an absence of a person: the person themself (absence.manage_own), or a
 * team lead or admin for anybody (absence.manage_others).
 */
export function assertMayManageAbsenceOf(viewer: { userId: string | null; permissions: ReadonlySet<Permission> }, userId: string): void {
  if (viewer.permissions.has('absence.manage_others')) return;
  if (viewer.userId === userId && viewer.permissions.has('absence.manage_own')) return;
  throw new AppError('forbidden', {
    field: 'userId',
    detail: 'Abwesenheiten anderer Personen darf nur die Teamleitung oder die Administration eintragen oder zurücknehmen.',
  });
}
