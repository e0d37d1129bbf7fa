import { api } from '../api/client';
import type { ApiResponse } from '../api/contract';

export type TenantExport = ApiResponse<'/api/admin/exports/{id}', 'get'>;
export type TenantExportList = ApiResponse<'/api/admin/exports', 'get'>;

const id = (value: string) => encodeURIComponent(value);

/** Tenant export (Verwaltung → Export): start, poll, download. */
export const exportApi = {
  list: (signal?: AbortSignal) => api<TenantExportList>('/api/admin/exports', { signal }),
  start: () => api<TenantExport>('/api/admin/exports', { method: 'POST' }),
  get: (exportId: string, signal?: AbortSignal) => api<TenantExport>(`/api/admin/exports/${id(exportId)}`, { signal }),
  downloadUrl: (exportId: string) => `/api/admin/exports/${id(exportId)}/download`,
};
