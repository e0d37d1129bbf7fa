/**
 * The caseworkers' mix for the concurrent desk bench (issue 20): 40 % inbox views with random filters
 * (some followed by the next page and opening a case), 35 % searches (form words, surnames, misspelt
 * surnames, case number prefixes and fragments), 15 % status counts, 10 % opening a case by id. Of the
 * counts' 15 %, 2 points are the dashboard (Übersicht: counters plus the cached figures, issue 20 item 4).
 */

export type Kind = 'inbox' | 'next_page' | 'search' | 'counts' | 'dashboard' | 'detail' | HelperKind;
/** The caseworker of the helping municipality B (issue 18): own inbox page and counts, „Vorgänge anderer Kommunen“, opening one, searching. */
export type HelperKind = 'b_inbox' | 'b_counts' | 'b_delegated' | 'b_detail' | 'b_search';
export const HELPER_KINDS: HelperKind[] = ['b_inbox', 'b_counts', 'b_delegated', 'b_detail', 'b_search'];
export const KINDS: Kind[] = ['inbox', 'next_page', 'search', 'counts', 'dashboard', 'detail', ...HELPER_KINDS];
/** How the report names the helper's rows. */
export const KIND_LABELS: Partial<Record<Kind, string>> = {
  b_inbox: 'B: inbox page (own cases)', b_counts: 'B: counts', b_delegated: 'B: „Vorgänge anderer Kommunen“',
  b_detail: 'B: opening a delegated case', b_search: 'B: search (own cases)',
};

export interface MixData {
  serviceIds: string[];
  words: string[];
  surnames: string[];
  caseNumbers: string[];
  /** Case ids to open, per org unit (a scoped caseworker opens cases of their unit). */
  caseIdsByUnit: Record<string, string[]>;
  allCaseIds: string[];
  /** B's own case numbers (its searches) and a sample of the cases granted to B (opened by id). */
  helperCaseNumbers: string[];
  delegatedCaseIds: string[];
}

export interface VirtualUser {
  cookie: string;
  /** The one org unit the user is scoped to, or null (sees the whole tenant). */
  unitId: string | null;
  /** The caseworker of B working delegated cases of the measured tenant (nextHelperAction). */
  helper?: boolean;
}

export type Rng = () => number;
/** Deterministic per user (mulberry32), so runs draw the same sequence. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, list: T[]): T => list[Math.floor(r() * list.length)]!;
const STATUS_SETS = [['new'], ['accepted', 'in_progress'], ['in_progress'], ['decided'], ['new', 'accepted'], ['forwarded']];
const SORTS = ['-received_at', '-received_at', '-updated_at', 'received_at', '-case_number'];

/** "Hoffmann" → "Hofmann", "Weber" → "Weberr": one letter too few or too many. */
export function misspell(name: string): string {
  const doubled = /(\p{L})\1/u.exec(name);
  return doubled ? name.slice(0, doubled.index) + name.slice(doubled.index + 1) : name + name.slice(-1);
}

/** A random filter set as the inbox's URL parameters (status chips, service, "mine", sort). */
export function randomFilters(r: Rng, withSort: boolean): URLSearchParams {
  const p = new URLSearchParams();
  if (r() < 0.5) for (const s of pick(r, STATUS_SETS)) p.append('status', s);
  if (r() < 0.25) p.set('assignee', 'me');
  if (withSort) p.set('sort', pick(r, SORTS));
  return p;
}

/** A search text of the kinds caseworkers type. */
export function searchText(r: Rng, data: MixData): string {
  const x = r();
  if (x < 0.3) return pick(r, data.words);
  if (x < 0.6) return pick(r, data.surnames);
  if (x < 0.75) return misspell(pick(r, data.surnames));
  const number = pick(r, data.caseNumbers); // e.g. "SVA-2026-0099987"
  return x < 0.88 ? number.slice(0, -2) : number.slice(number.indexOf('-') + 1, -1);
}

/** The next user action: one request, or an inbox view that may page on and open a case. */
export function nextAction(r: Rng, user: VirtualUser, data: MixData): { kind: Kind; path: string; thenPage?: boolean; thenOpen?: boolean } {
  const x = r();
  if (x < 0.4) {
    const p = randomFilters(r, true);
    if (r() < 0.3) p.set('serviceId', pick(r, data.serviceIds));
    p.set('limit', '50');
    return { kind: 'inbox', path: `/api/cases?${p}`, thenPage: r() < 0.3, thenOpen: r() < 0.3 };
  }
  if (x < 0.75) {
    const p = randomFilters(r, false);
    p.set('q', searchText(r, data));
    p.set('limit', '50');
    return { kind: 'search', path: `/api/cases?${p}`, thenOpen: r() < 0.2 };
  }
  if (x >= 0.88 && x < 0.9) return { kind: 'dashboard', path: '/api/stats/dashboard' };
  if (x < 0.9) {
    // The counts of the status chips: every filter but the status (as the web app asks for them).
    const p = randomFilters(r, false);
    p.delete('status');
    if (r() < 0.3) p.set('q', searchText(r, data));
    return { kind: 'counts', path: `/api/cases/counts?${p}` };
  }
  const ids = user.unitId ? data.caseIdsByUnit[user.unitId] ?? data.allCaseIds : data.allCaseIds;
  return { kind: 'detail', path: `/api/cases/${pick(r, ids)}` };
}

/**
 * B's caseworker: half inbox views (B's page, its counts and the delegated-cases panel, as the desk
 * loads them together; 40 % followed by opening a delegated case from the panel), a quarter searches
 * in B's own cases, a quarter opening a delegated case by id (from a link or the history).
 */
export function nextHelperAction(r: Rng, data: MixData): { kind: 'b_inbox'; thenOpen: boolean } | { kind: HelperKind; path: string } {
  const x = r();
  if (x < 0.5 || !data.delegatedCaseIds.length) return { kind: 'b_inbox', thenOpen: r() < 0.4 };
  if (x < 0.75) {
    const p = new URLSearchParams({ q: searchText(r, { ...data, caseNumbers: data.helperCaseNumbers.length ? data.helperCaseNumbers : data.caseNumbers }), limit: '50' });
    return { kind: 'b_search', path: `/api/cases?${p}` };
  }
  return { kind: 'b_detail', path: `/api/cases/${pick(r, data.delegatedCaseIds)}` };
}
