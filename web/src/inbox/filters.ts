import type { Query } from '../api/client';

/** The inbox's filters; the URL query uses the API's parameter names, so a link is the query. */
export interface InboxFilters {
  status: string[];
  serviceId: string;
  orgUnitId: string;
  assignee: string;
  receivedFrom: string;
  receivedTo: string;
  q: string;
  /** 'overdue': only cases with an overdue follow-up. */
  followUp: string;
  /** Processing deadline: 'overdue', 'paused', 'running' or 'soon' (due within DUE_SOON_DAYS). */
  deadline: string;
  /** 'true': only cases of the people the viewer stands in for today (Vertretung). */
  deputy: string;
  sort: string;
}

/** "Due soon" in the inbox filter: the deadline ends within this many calendar days (today included). */
export const DUE_SOON_DAYS = 7;
const DEADLINE_FILTERS = ['overdue', 'paused', 'running', 'soon'];

export const DEFAULT_SORT = '-received_at';
export const SORTABLE = ['received_at', 'case_number', 'updated_at', 'due'] as const;

export function filtersFromParams(params: URLSearchParams): InboxFilters {
  const sort = params.get('sort') ?? DEFAULT_SORT;
  return {
    status: params.getAll('status'),
    serviceId: params.get('serviceId') ?? '',
    orgUnitId: params.get('orgUnitId') ?? '',
    assignee: params.get('assignee') ?? '',
    receivedFrom: params.get('receivedFrom') ?? '',
    receivedTo: params.get('receivedTo') ?? '',
    q: params.get('q') ?? '',
    followUp: params.get('followUp') === 'overdue' ? 'overdue' : '',
    deadline: DEADLINE_FILTERS.includes(params.get('deadline') ?? '') ? params.get('deadline')! : '',
    deputy: params.get('deputy') === 'true' ? 'true' : '',
    sort: (SORTABLE as readonly string[]).includes(sort.replace(/^-/, '')) ? sort : DEFAULT_SORT,
  };
}

export function filtersToSearch(f: InboxFilters): string {
  const params = new URLSearchParams();
  for (const s of f.status) params.append('status', s);
  const single: [string, string][] = [
    ['serviceId', f.serviceId],
    ['orgUnitId', f.orgUnitId],
    ['assignee', f.assignee],
    ['receivedFrom', f.receivedFrom],
    ['receivedTo', f.receivedTo],
    ['q', f.q.trim()],
    ['followUp', f.followUp],
    ['deadline', f.deadline],
    ['deputy', f.deputy],
  ];
  for (const [k, v] of single) if (v) params.set(k, v);
  if (f.sort !== DEFAULT_SORT) params.set('sort', f.sort);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** The API query for the list (with status) or for the counts (without). */
export function filtersToQuery(f: InboxFilters, withStatus = true): Query {
  return {
    status: withStatus && f.status.length ? f.status : undefined,
    serviceId: f.serviceId || undefined,
    orgUnitId: f.orgUnitId || undefined,
    assignee: f.assignee || undefined,
    receivedFrom: f.receivedFrom || undefined,
    receivedTo: f.receivedTo || undefined,
    q: f.q.trim() || undefined,
    followUp: f.followUp || undefined,
    // "soon" is no server filter of its own: the range dueWithin (which leaves out overdue and paused ones).
    deadline: f.deadline && f.deadline !== 'soon' ? f.deadline : undefined,
    dueWithin: f.deadline === 'soon' ? DUE_SOON_DAYS : undefined,
    deputy: f.deputy === 'true' ? true : undefined,
  };
}

export function hasActiveFilters(f: InboxFilters): boolean {
  return Boolean(f.status.length || f.serviceId || f.orgUnitId || f.assignee || f.receivedFrom || f.receivedTo || f.q || f.followUp || f.deadline || f.deputy);
}
