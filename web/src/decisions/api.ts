import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';

export type CaseDecisions = ApiResponse<'/api/cases/{id}/decisions', 'get'>;
export type Decision = ApiResponse<'/api/cases/{id}/decisions', 'post'>;
export type DecisionKind = Decision['kind'];
export type DecisionStatus = Decision['status'];
export type DecisionTemplate = ApiResponse<'/api/admin/decision-templates', 'post'>;
export type Letterhead = ApiResponse<'/api/admin/letterhead', 'get'>;
export type ServiceDecisionSettings = ApiResponse<'/api/admin/decision-settings/{serviceId}', 'put'>;

const caseUrl = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/decisions`;
type NewDecision = ApiBody<'/api/cases/{id}/decisions', 'post'>;
const decisionUrl = (caseId: string, id: string) => `${caseUrl(caseId)}/${encodeURIComponent(id)}`;

/** The decision workflow on a case. */
export const decisionsApi = {
  ofCase: (caseId: string, signal?: AbortSignal) => api<CaseDecisions>(caseUrl(caseId), { signal }),
  fromTemplate: (caseId: string, templateId: string) =>
    api<Decision>(caseUrl(caseId), { method: 'POST', body: { source: 'template', templateId } satisfies NewDecision }),
  fromGenerator: (caseId: string, kind: DecisionKind) =>
    api<Decision>(caseUrl(caseId), { method: 'POST', body: { source: 'generator', kind } satisfies NewDecision }),
  editText: (caseId: string, id: string, text: string) =>
    api<Decision>(decisionUrl(caseId, id), { method: 'PATCH', body: { text } satisfies ApiBody<'/api/cases/{id}/decisions/{decisionId}', 'patch'> }),
  submit: (caseId: string, id: string) => api<Decision>(`${decisionUrl(caseId, id)}/submit`, { method: 'POST' }),
  release: (caseId: string, id: string) => api<Decision>(`${decisionUrl(caseId, id)}/release`, { method: 'POST' }),
  send: (caseId: string, id: string, version: number, asLetter = false) =>
    api<Decision>(`${decisionUrl(caseId, id)}/send`, {
      method: 'POST',
      body: { version, ...(asLetter ? { deliverAs: 'letter' as const } : {}) } satisfies ApiBody<'/api/cases/{id}/decisions/{decisionId}/send', 'post'>,
    }),
  previewUrl: (caseId: string, id: string, updatedAt: string) =>
    `${decisionUrl(caseId, id)}/preview?v=${encodeURIComponent(updatedAt)}`,
};

export type TemplateInput = ApiBody<'/api/admin/decision-templates', 'post'>;

/** Tenant administration of decisions (admin:manage). */
export const decisionAdminApi = {
  templates: () => api<ApiResponse<'/api/admin/decision-templates', 'get'>>('/api/admin/decision-templates'),
  placeholders: () => api<ApiResponse<'/api/admin/decision-templates/placeholders', 'get'>>('/api/admin/decision-templates/placeholders'),
  createTemplate: (body: TemplateInput) => api<DecisionTemplate>('/api/admin/decision-templates', { method: 'POST', body }),
  updateTemplate: (id: string, body: ApiBody<'/api/admin/decision-templates/{id}', 'patch'>) =>
    api<DecisionTemplate>(`/api/admin/decision-templates/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  deleteTemplate: (id: string) => api<void>(`/api/admin/decision-templates/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  letterhead: () => api<Letterhead>('/api/admin/letterhead'),
  saveLetterhead: (body: ApiBody<'/api/admin/letterhead', 'put'>) =>
    api<Letterhead>('/api/admin/letterhead', { method: 'PUT', body }),
  settings: () => api<ApiResponse<'/api/admin/decision-settings', 'get'>>('/api/admin/decision-settings'),
  saveSettings: (serviceId: string, body: ApiBody<'/api/admin/decision-settings/{serviceId}', 'put'>) =>
    api<ServiceDecisionSettings>(`/api/admin/decision-settings/${encodeURIComponent(serviceId)}`, { method: 'PUT', body }),
};
