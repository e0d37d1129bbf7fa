import { sql, type RawBuilder } from 'kysely';
import type { Viewer } from './viewer.js';
import type { CaseSort } from './cursor.js';
import { berlinToday } from '../followups/inbox.js';
import { absentPeopleCoveredBy } from '../absences/scope.js';

/*
 * Full-text search conditions on cases. Both go through definer functions (migrations 0002, 0006,
 * 0013, 0015) so that the search indexes are usable under row-level security; both apply the current
 * tenant themselves.
 */

export interface SearchFilters {
  status?: string[];
  serviceId?: string;
  orgUnitId?: string;
  assigneeId?: string | null;
  receivedFrom?: string;
  receivedTo?: string;
  followUp?: 'overdue';
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Start of a day in German local time, or the exact moment of a date-time. */
export const dayStart = (value: string) =>
  DATE_ONLY.test(value) ? sql`(${value}::date::timestamp at time zone 'Europe/Berlin')` : sql`${value}::timestamptz`;

/** End of the receivedTo range: before the next day (date) or up to and including the moment (date-time). */
export const receivedToBounds = (to: string | undefined) => ({
  before: to && DATE_ONLY.test(to) ? sql`((${to}::date + 1)::timestamp at time zone 'Europe/Berlin')` : null,
  until: to && !DATE_ONLY.test(to) ? sql`${to}::timestamptz` : null,
});

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (m) => `\\${m}`);

/** "SVA-2026-10000", "ba-2026": letters, a year, optionally the start of the sequence number. */
const CASE_NUMBER_LIKE = /^\p{L}+-\d{4}(-\d*)?$/u;
/** One token with a digit, e.g. the middle of a case number: "2026-004", "04711", "A-2026-0". */
const NUMBER_FRAGMENT = /^[\p{L}\p{N}./-]*\p{N}[\p{L}\p{N}./-]*$/u;
/** Text that may be (part of) a name: no digit, at least three letters, at most four words. */
const NAME_LIKE = /^(?!.*\p{N})(?=(?:.*\p{L}){3})[^\s]+(?:\s+[^\s]+){0,3}$/u;

/** Prefix query over the 'simple' tokens: "2026-000" → 2026:* & 000:*, "Müll" → müll:*. */
export function prefixTsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return words?.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/**
 * The forms of the search text (migration 0015):
 * - `prefix`: 'simple' token prefixes; left out for a case number start or fragment, whose tokens
 *   ("2026:*" matches half of all cases) would only add cost — `like`/`infix` find those.
 * - `like`: prefix of the case number or the applicant's name.
 * - `fuzzy`: the text as a name, matched by trigram similarity of the spelling keys (Maier ~ Meier).
 * - `infix`: LIKE pattern for case numbers containing a fragment ("2026-004" in SVA-2026-004711).
 */
export function searchTerms(text: string) {
  const trimmed = text.trim();
  const caseNumber = CASE_NUMBER_LIKE.test(trimmed);
  const fragment = !caseNumber && trimmed.length >= 3 && NUMBER_FRAGMENT.test(trimmed);
  return {
    text,
    prefix: caseNumber || fragment ? null : prefixTsQuery(text),
    like: `${escapeLike(text.toLowerCase())}%`,
    fuzzy: NAME_LIKE.test(trimmed) ? trimmed : null,
    infix: fragment ? `%${escapeLike(trimmed.toLowerCase())}%` : null,
  };
}

/** All matching cases of the tenant (for counts). */
export function matchesSearch(text: string): RawBuilder<boolean> {
  const t = searchTerms(text);
  return sql<boolean>`cases.id in (select id from case_search(${t.text}, ${t.prefix}, ${t.like}, ${t.fuzzy}, ${t.infix}))`;
}

export interface SearchPage {
  sort: CaseSort;
  after?: { value: string; id: string };
  /** Rows to return: the page size plus one (to know whether there is a next page). */
  rows: number;
}

/**
 * Only the cases of one page, chosen inside the search function with the same filters, order and
 * cursor as the inbox query (which still applies them to these few rows).
 */
/**
 * The people a scoped deputy stands in for today, as the inbox scope has them (applyFilters): null
 * when they cover nobody, so the function's scope stays the plain org-unit list.
 */
function coveredScope(viewer: Viewer): RawBuilder<string[] | null> {
  if (!viewer.orgUnitIds.length || !viewer.userId) return sql`null::uuid[]`;
  if (viewer.coveredUserIds) return viewer.coveredUserIds.length ? sql`${viewer.coveredUserIds}::uuid[]` : sql`null::uuid[]`;
  return sql`array${absentPeopleCoveredBy(viewer.tenantId, viewer.userId)}`;
}

export function searchPage(text: string, viewer: Viewer, filters: SearchFilters, page: SearchPage): RawBuilder<boolean> {
  const t = searchTerms(text);
  const to = receivedToBounds(filters.receivedTo);
  return sql<boolean>`cases.id in (select id from case_search_page(
    ${t.text}::text, ${t.prefix}::text, ${t.like}::text, ${t.fuzzy}::text, ${t.infix}::text,
    ${viewer.orgUnitIds.length ? viewer.orgUnitIds : null}::uuid[],
    ${filters.status?.length ? filters.status : null}::text[],
    ${filters.serviceId ?? null}::uuid, ${filters.orgUnitId ?? null}::uuid,
    ${filters.assigneeId === null}::boolean, ${filters.assigneeId ?? null}::uuid,
    ${filters.receivedFrom ? dayStart(filters.receivedFrom) : null}::timestamptz,
    ${to.before}::timestamptz, ${to.until}::timestamptz,
    ${filters.followUp === 'overdue' ? berlinToday : null}::date,
    ${page.sort}::text, ${page.after?.value ?? null}::text, ${page.after?.id ?? null}::uuid, ${page.rows}::integer,
    ${coveredScope(viewer)}))`;
}
