import { api } from '../api/client';
import type { ApiBody, ApiResponse, ItemOf } from '../api/contract';

export type ProcessorRun = ItemOf<ApiResponse<'/api/cases/{id}/processor-runs', 'get'>>;
export type ProcessorCheck = ProcessorRun['checks'][number];
export type Processor = ItemOf<ApiResponse<'/api/admin/services/{serviceId}/processors', 'get'>>;
export type ProcessorBody = ApiBody<'/api/admin/services/{serviceId}/processors', 'post'>;
export type CreatedProcessor = ApiResponse<'/api/admin/services/{serviceId}/processors', 'post'>;

const runs = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/processor-runs`;

/** Processors (server/src/processors/routes.ts): results on a case, and the admin's settings per service. */
export const processorsApi = {
  runs: (caseId: string, signal?: AbortSignal) => api<ApiResponse<'/api/cases/{id}/processor-runs', 'get'>>(runs(caseId), { signal }),
  start: (caseId: string) => api<ApiResponse<'/api/cases/{id}/processor-runs', 'post'>>(runs(caseId), { method: 'POST', body: {} }),
  apply: (caseId: string, runId: string, version: number) =>
    api<void>(`${runs(caseId)}/${encodeURIComponent(runId)}/apply`, { method: 'POST', body: { version } }),
  dismiss: (caseId: string, runId: string) => api<void>(`${runs(caseId)}/${encodeURIComponent(runId)}/dismiss`, { method: 'POST' }),
  list: (serviceId: string) => api<ApiResponse<'/api/admin/services/{serviceId}/processors', 'get'>>(`/api/admin/services/${encodeURIComponent(serviceId)}/processors`),
  create: (serviceId: string, body: ProcessorBody) =>
    api<CreatedProcessor>(`/api/admin/services/${encodeURIComponent(serviceId)}/processors`, { method: 'POST', body }),
  update: (id: string, body: ProcessorBody) => api<Processor>(`/api/admin/processors/${encodeURIComponent(id)}`, { method: 'PUT', body }),
  remove: (id: string) => api<void>(`/api/admin/processors/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
