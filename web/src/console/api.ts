import { api, type Query } from '../api/client';
import type { ApiBody, ApiResponse, ItemOf } from '../api/contract';

/** The operator console's calls (/api/platform/…); types from the generated contract. */
export type OperatorMe = ApiResponse<'/api/platform/me', 'get'>;
export type TenantOverview = ApiResponse<'/api/platform/tenants/overview', 'get'>;
export type TenantActivity = ItemOf<TenantOverview>;
export type NewTenant = ApiBody<'/api/platform/tenants', 'post'>;
export type Parked = ItemOf<ApiResponse<'/api/platform/intake/unrouted', 'get'>>;
export type DeadLetter = ItemOf<ApiResponse<'/api/platform/outbox/dead-letters', 'get'>>;
export type PlatformHealth = ApiResponse<'/api/platform/instances', 'get'>;
export type AuditPage = ApiResponse<'/api/platform/audit/actions', 'get'>;
export type AuditEntry = ItemOf<AuditPage>;

const enc = encodeURIComponent;

export const consoleApi = {
  me: () => api<OperatorMe>('/api/platform/me', { noReauth: true }),
  login: (body: ApiBody<'/api/platform/login', 'post'>) =>
    api<ApiResponse<'/api/platform/login', 'post'>>('/api/platform/login', { method: 'POST', body, noReauth: true }),
  logout: () => api<void>('/api/auth/logout', { method: 'POST', noReauth: true }),
  tenants: (query: Query, signal?: AbortSignal) => api<TenantOverview>('/api/platform/tenants/overview', { query, signal }),
  provision: (body: NewTenant) => api<ApiResponse<'/api/platform/tenants', 'post'>>('/api/platform/tenants', { method: 'POST', body }),
  renewInvitation: (tenantId: string) =>
    api<ApiResponse<'/api/platform/tenants/{id}/invitation', 'post'>>(`/api/platform/tenants/${enc(tenantId)}/invitation`, { method: 'POST' }),
  parked: (signal?: AbortSignal) =>
    api<ApiResponse<'/api/platform/intake/unrouted', 'get'>>('/api/platform/intake/unrouted', { query: { status: 'pending' }, signal }),
  route: (id: string, body: ApiBody<'/api/platform/intake/unrouted/{id}/route', 'post'>) =>
    api<ApiResponse<'/api/platform/intake/unrouted/{id}/route', 'post'>>(`/api/platform/intake/unrouted/${enc(id)}/route`, { method: 'POST', body }),
  reject: (id: string, body: ApiBody<'/api/platform/intake/unrouted/{id}/reject', 'post'>) =>
    api<ApiResponse<'/api/platform/intake/unrouted/{id}/reject', 'post'>>(`/api/platform/intake/unrouted/${enc(id)}/reject`, { method: 'POST', body }),
  deadLetters: (signal?: AbortSignal) =>
    api<ApiResponse<'/api/platform/outbox/dead-letters', 'get'>>('/api/platform/outbox/dead-letters', { query: { limit: 200 }, signal }),
  retry: (id: string) =>
    api<ApiResponse<'/api/platform/outbox/dead-letters/{id}/retry', 'post'>>(`/api/platform/outbox/dead-letters/${enc(id)}/retry`, { method: 'POST' }),
  health: (signal?: AbortSignal) => api<PlatformHealth>('/api/platform/instances', { signal }),
  audit: (query: Query, signal?: AbortSignal) => api<AuditPage>('/api/platform/audit/actions', { query, signal }),
};
