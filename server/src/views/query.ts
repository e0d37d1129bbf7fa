import { AppError } from '../shared/errors.js';
import { CASE_STATUSES } from '../cases/lifecycle.js';
import { CASE_SORTS } from '../cases/cursor.js';
import { VIEW_QUERY_MAX } from './schemas.js';

/** The inbox parameters a view may hold: the filters and the sort of GET /api/cases (no paging). */
export const VIEW_PARAMETERS = ['status', 'serviceId', 'orgUnitId', 'assignee', 'receivedFrom', 'receivedTo', 'q', 'followUp', 'sort'] as const;
const REPEATABLE = new Set<string>(['status']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const valueChecks: Record<string, (v: string) => boolean> = {
  status: (v) => (CASE_STATUSES as readonly string[]).includes(v),
  serviceId: (v) => UUID.test(v),
  orgUnitId: (v) => UUID.test(v),
  assignee: (v) => v === 'me' || v === 'none' || UUID.test(v),
  receivedFrom: (v) => DATE.test(v),
  receivedTo: (v) => DATE.test(v),
  q: (v) => v.length <= 200,
  followUp: (v) => v === 'overdue',
  sort: (v) => (CASE_SORTS as readonly string[]).includes(v),
};

const refuse = (detail: string) => new AppError('validation_failed', { field: 'query', detail });

/**
 * Checks a view's query string (a leading "?" is dropped) and returns it in a normal form. Only the
 * inbox's known parameters with plausible values pass: a view must open an inbox that works.
 */
export function normaliseViewQuery(raw: string): string {
  const text = raw.trim().replace(/^\?/, '');
  if (text.length > VIEW_QUERY_MAX) throw refuse(`Die Abfrage („query“) darf höchstens ${VIEW_QUERY_MAX} Zeichen lang sein.`);
  const params = new URLSearchParams(text);
  const out = new URLSearchParams();
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (!(VIEW_PARAMETERS as readonly string[]).includes(key)) {
      throw refuse(`Die Abfrage („query“) enthält den unbekannten Parameter „${key.slice(0, 50)}“. Erlaubt sind: ${VIEW_PARAMETERS.join(', ')}.`);
    }
    if (seen.has(key) && !REPEATABLE.has(key)) throw refuse(`Der Parameter „${key}“ darf in der Abfrage („query“) nur einmal vorkommen.`);
    if (!valueChecks[key]!(value)) throw refuse(`Der Wert für „${key}“ in der Abfrage („query“) ist ungültig.`);
    seen.add(key);
    out.append(key, value);
  }
  return out.toString();
}
