import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';

export const CASE_SORTS = ['received_at', '-received_at', 'case_number', '-case_number', 'updated_at', '-updated_at', 'due', '-due'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

/** case_number sorts by its natural sort key (migration 0016): BAU-2026-4 before BAU-2026-29. */
export const SORT_COLUMNS: Record<CaseSort, 'received_at' | 'case_number_sort' | 'updated_at' | 'due_sort'> = {
  // Deadline (migration 0050): cases without one last (9999-12-31).
  due: 'due_sort',
  '-due': 'due_sort',
  received_at: 'received_at',
  '-received_at': 'received_at',
  case_number: 'case_number_sort',
  '-case_number': 'case_number_sort',
  updated_at: 'updated_at',
  '-updated_at': 'updated_at',
};

interface CursorData {
  s: CaseSort;
  v: string;
  id: string;
}

/** Opaque to clients: base64url JSON of the sort, the last row's sort value and its id. */
export function encodeCursor(sort: CaseSort, value: string, id: string): string {
  return Buffer.from(JSON.stringify({ s: sort, v: value, id } satisfies CursorData)).toString('base64url');
}

/** PostgreSQL's text form of a timestamptz, e.g. 2026-03-01 09:15:00.123456+00. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;

const invalid = () =>
  new AppError('validation_failed', { field: 'cursor', detail: 'Der Wert von „cursor“ ist ungültig. Bitte laden Sie die Liste neu.' });

export function decodeCursor(cursor: string, sort: CaseSort): { value: string; id: string } {
  let data: Partial<CursorData>;
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorData>;
  } catch {
    throw invalid();
  }
  if (!data || typeof data.v !== 'string' || typeof data.id !== 'string' || !isUuid(data.id)) throw invalid();
  if (data.s !== sort) {
    throw new AppError('validation_failed', { field: 'cursor', detail: 'Der Wert von „cursor“ gehört zu einer anderen Sortierung.' });
  }
  if (SORT_COLUMNS[sort] === 'due_sort') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(data.v)) throw invalid();
  } else if (SORT_COLUMNS[sort] !== 'case_number_sort' && !TIMESTAMP.test(data.v)) throw invalid();
  return { value: data.v, id: data.id };
}
