import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';

export type CaseProcesses = ApiResponse<'/api/cases/{caseId}/xdomea', 'get'>;
export type CaseProcess = CaseProcesses['items'][number];
export type HandoverTargets = ApiResponse<'/api/xdomea/handover-targets', 'get'>;
export type ProcessOverview = ApiResponse<'/api/xdomea/processes', 'get'>;
export type ProcessSummary = ProcessOverview['items'][number];
export type ProcessDetail = ApiResponse<'/api/xdomea/processes/{processRowId}', 'get'>;
export type XdomeaSettings = ApiResponse<'/api/xdomea/settings', 'get'>;
export type SettingsInput = ApiBody<'/api/xdomea/settings', 'put'>;
export type XdomeaTarget = ApiResponse<'/api/xdomea/targets', 'get'>['items'][number];
export type TargetInput = ApiBody<'/api/xdomea/targets', 'post'>;

const id = (value: string) => encodeURIComponent(value);

/** xdomea: hand-over of a case, the archive processes (records role), the targets (admin). */
export const xdomeaApi = {
  ofCase: (caseId: string, signal?: AbortSignal) => api<CaseProcesses>(`/api/cases/${id(caseId)}/xdomea`, { signal }),
  handoverTargets: (signal?: AbortSignal) => api<HandoverTargets>('/api/xdomea/handover-targets', { signal }),
  handOver: (caseId: string, body: ApiBody<'/api/cases/{caseId}/xdomea/handover', 'post'>) =>
    api<ApiResponse<'/api/cases/{caseId}/xdomea/handover', 'post'>>(`/api/cases/${id(caseId)}/xdomea/handover`, { method: 'POST', body }),
  processes: (signal?: AbortSignal) => api<ProcessOverview>('/api/xdomea/processes', { signal }),
  process: (processRowId: string, signal?: AbortSignal) => api<ProcessDetail>(`/api/xdomea/processes/${id(processRowId)}`, { signal }),
  offer: () => api<ApiResponse<'/api/xdomea/aussonderung', 'post'>>('/api/xdomea/aussonderung', { method: 'POST' }),
  transfer: (processRowId: string) => api<ProcessDetail>(`/api/xdomea/processes/${id(processRowId)}/transfer`, { method: 'POST' }),
  settings: (signal?: AbortSignal) => api<XdomeaSettings>('/api/xdomea/settings', { signal }),
  saveSettings: (body: SettingsInput) => api<XdomeaSettings>('/api/xdomea/settings', { method: 'PUT', body }),
  targets: (signal?: AbortSignal) => api<ApiResponse<'/api/xdomea/targets', 'get'>>('/api/xdomea/targets', { signal }),
  addTarget: (body: TargetInput) => api<XdomeaTarget>('/api/xdomea/targets', { method: 'POST', body }),
  saveTarget: (targetId: string, body: TargetInput) => api<XdomeaTarget>(`/api/xdomea/targets/${id(targetId)}`, { method: 'PUT', body }),
};
