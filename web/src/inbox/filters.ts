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
  sort: string;
}

export const DEFAULT_SORT = '-received_at';
export const SORTABLE = ['received_at', 'case_number', 'updated_at'] as const;

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
  };
}

export function hasActiveFilters(f: InboxFilters): boolean {
  return Boolean(f.status.length || f.serviceId || f.orgUnitId || f.assignee || f.receivedFrom || f.receivedTo || f.q || f.followUp);
}
