import type { CaseStatus } from '../cases/lifecycle.js';
import type { NotificationRow } from './repository.js';

export function presentNotification(row: NotificationRow) {
  return {
    id: row.id,
    kind: row.kind,
    case: { id: row.case_id, caseNumber: row.case_number, title: row.case_title, status: row.case_status as CaseStatus },
    createdAt: new Date(row.created_at).toISOString(),
    readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
  };
}

/** Keyset position of the last row of a page (its time-ordered id), opaque to clients. */
export function cursorOf(row: NotificationRow): string {
  return Buffer.from(row.id, 'utf8').toString('base64url');
}
