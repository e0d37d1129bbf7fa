import { berlinDay } from '../deadlines/calendar.js';
import type { AbsenceRow } from './repository.js';

export function presentAbsence(row: AbsenceRow, today = berlinDay()) {
  return {
    id: row.id,
    user: { id: row.user_id, displayName: row.user_name },
    deputy: { id: row.deputy_id, displayName: row.deputy_name },
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    note: row.note,
    createdBy: row.created_by_name,
    current: row.starts_on <= today && today <= row.ends_on,
  };
}
