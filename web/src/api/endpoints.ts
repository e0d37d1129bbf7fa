import { api, type Query } from './client';
import type { ApiBody, ApiResponse } from './contract';
import type { CaseCounts, CaseDetail, CaseEvent, CaseList, Me, Named, ServiceOption, TenantOption, UserOption } from './types';

/** One function per API route of the shared contract. */
export const authApi = {
  tenants: (q: string, signal?: AbortSignal) =>
    api<{ items: TenantOption[] }>('/api/auth/tenants', { query: { q }, signal, noReauth: true }),
  config: () => api<ApiResponse<'/api/auth/config', 'get'>>('/api/auth/config', { noReauth: true }),
  me: () => api<Me>('/api/auth/me', { noReauth: true }),
  login: (body: ApiBody<'/api/auth/login', 'post'>) =>
    api<ApiResponse<'/api/auth/login', 'post'>>('/api/auth/login', { method: 'POST', body, noReauth: true }),
  acceptInvite: (body: ApiBody<'/api/auth/invite/accept', 'post'>) =>
    api<ApiResponse<'/api/auth/invite/accept', 'post'>>('/api/auth/invite/accept', { method: 'POST', body, noReauth: true }),
  logout: () => api<void>('/api/auth/logout', { method: 'POST', noReauth: true }),
  changePassword: (body: ApiBody<'/api/auth/password', 'post'>) => api<void>('/api/auth/password', { method: 'POST', body }),
  signInOptions: (tenant: string, signal?: AbortSignal) =>
    api<ApiResponse<'/api/auth/oidc/options', 'get'>>('/api/auth/oidc/options', { query: { tenant }, signal, noReauth: true }),
  oidcStartUrl: (tenant: string) => `/api/auth/oidc/start?tenant=${encodeURIComponent(tenant)}`,
};

export const lookupApi = {
  users: () => api<{ items: UserOption[] }>('/api/users'),
  orgUnits: () => api<{ items: Named[] }>('/api/org-units'),
  services: () => api<{ items: ServiceOption[] }>('/api/services'),
};

export const casesApi = {
  list: (query: Query, signal?: AbortSignal) => api<CaseList>('/api/cases', { query, signal }),
  counts: (query: Query, signal?: AbortSignal) => api<CaseCounts>('/api/cases/counts', { query, signal }),
  get: (id: string, signal?: AbortSignal) => api<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, { signal }),
  events: (id: string, signal?: AbortSignal) =>
    api<{ items: CaseEvent[] }>(`/api/cases/${encodeURIComponent(id)}/events`, { signal }),
  transition: (id: string, body: ApiBody<'/api/cases/{id}/transitions', 'post'>) =>
    api<ApiResponse<'/api/cases/{id}/transitions', 'post'>>(`/api/cases/${encodeURIComponent(id)}/transitions`, { method: 'POST', body }),
  assign: (id: string, body: ApiBody<'/api/cases/{id}/assignee', 'put'>) =>
    api<ApiResponse<'/api/cases/{id}/assignee', 'put'>>(`/api/cases/${encodeURIComponent(id)}/assignee`, { method: 'PUT', body }),
  /** Always a download: the server never serves a file from outside for display (issue #12). */
  attachmentUrl: (caseId: string, attachmentId: string) =>
    `/api/cases/${encodeURIComponent(caseId)}/attachments/${encodeURIComponent(attachmentId)}/content`,
};
