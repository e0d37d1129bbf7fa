import { api, buildUrl } from '../api/client';
import type { ApiQuery, ApiResponse } from '../api/contract';

export type ListOverview = ApiResponse<'/api/destruction-lists', 'get'>;
export type ListSummary = ListOverview['items'][number];
export type ListDetail = ApiResponse<'/api/destruction-lists/{listId}', 'get'>;
export type ListEntry = ListDetail['entries'][number];
export type ProtocolPage = ApiResponse<'/api/destruction-protocol', 'get'>;
export type ProtocolFilter = NonNullable<ApiQuery<'/api/destruction-protocol', 'get'>>;
export type ProtocolFormat = NonNullable<ApiQuery<'/api/destruction-protocol/export', 'get'>>['format'];

const id = (value: string) => encodeURIComponent(value);

/** Destruction lists (four-eyes review) and the Vernichtungsprotokoll; records role only. */
export const destructionApi = {
  lists: (signal?: AbortSignal) => api<ListOverview>('/api/destruction-lists', { signal }),
  list: (listId: string, signal?: AbortSignal) => api<ListDetail>(`/api/destruction-lists/${id(listId)}`, { signal }),
  takeOut: (listId: string, caseId: string, reason: string) =>
    api<ListDetail>(`/api/destruction-lists/${id(listId)}/entries/${id(caseId)}/remove`, { method: 'POST', body: { reason } }),
  approve: (listId: string) => api<ListDetail>(`/api/destruction-lists/${id(listId)}/approve`, { method: 'POST' }),
  confirm: (listId: string) => api<ListDetail>(`/api/destruction-lists/${id(listId)}/confirm`, { method: 'POST' }),
  protocol: (filter: ProtocolFilter, signal?: AbortSignal) => api<ProtocolPage>('/api/destruction-protocol', { query: { ...filter }, signal }),
  /** A plain link: the browser downloads the file with the session cookie. */
  exportUrl: (filter: ProtocolFilter, format: ProtocolFormat) => buildUrl('/api/destruction-protocol/export', { ...filter, format }),
};
