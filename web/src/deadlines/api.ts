import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';
import type { CaseDetail, CaseSummary } from '../api/types';

/** A case's processing deadline as the server presents it (null: the service has none). */
export type Deadline = NonNullable<CaseSummary['deadline']>;
export type ExtensionBody = ApiBody<'/api/cases/{id}/deadline/extension', 'post'>;
export type DeadlineSettings = ApiResponse<'/api/admin/deadline-settings', 'get'>;
export type ServiceDeadline = ApiResponse<'/api/admin/service-deadlines', 'get'>['items'][number];
export type ServiceDeadlineBody = ApiBody<'/api/admin/services/{id}/deadline', 'put'>;

export const deadlinesApi = {
  extend: (caseId: string, body: ExtensionBody) =>
    api<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}/deadline/extension`, { method: 'POST', body }),
  settings: (signal?: AbortSignal) => api<DeadlineSettings>('/api/admin/deadline-settings', { signal }),
  saveSettings: (body: ApiBody<'/api/admin/deadline-settings', 'put'>) =>
    api<DeadlineSettings>('/api/admin/deadline-settings', { method: 'PUT', body }),
  services: (signal?: AbortSignal) => api<ApiResponse<'/api/admin/service-deadlines', 'get'>>('/api/admin/service-deadlines', { signal }),
  saveService: (serviceId: string, body: ServiceDeadlineBody) =>
    api<ApiResponse<'/api/admin/services/{id}/deadline', 'put'>>(`/api/admin/services/${encodeURIComponent(serviceId)}/deadline`, { method: 'PUT', body }),
};
