import { api } from '../api/client';

export type DecisionKind = 'approval' | 'rejection';
export type DecisionStatus = 'draft' | 'awaiting_release' | 'released' | 'sent';

export interface Decision {
  id: string;
  caseId: string;
  templateId: string | null;
  kind: DecisionKind;
  source: 'template' | 'upload' | 'generator';
  status: DecisionStatus;
  text: string | null;
  requiresRelease: boolean;
  document: { attachmentId: string | null; sha256: string; sizeBytes: number } | null;
  createdBy: { id: string | null; name: string };
  releasedBy: { id: string | null; name: string } | null;
  releasedAt: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
  allowedActions: string[];
}

export interface DecisionTemplate {
  id: string;
  service: { id: string; name: string } | null;
  kind: DecisionKind;
  name: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface CaseDecisions {
  items: Decision[];
  templates: DecisionTemplate[];
  requiresRelease: boolean;
  generatorConfigured: boolean;
}

export interface Letterhead {
  name: string;
  addressLines: string[];
  contact: string;
  logo: { sha256: string; mimeType: string } | null;
  updatedAt: string | null;
}

export interface ServiceDecisionSettings {
  service: { id: string; name: string };
  requiresRelease: boolean;
  generatorUrl: string | null;
}

const caseUrl = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/decisions`;
const decisionUrl = (caseId: string, id: string) => `${caseUrl(caseId)}/${encodeURIComponent(id)}`;

/** The decision workflow on a case. */
export const decisionsApi = {
  ofCase: (caseId: string, signal?: AbortSignal) => api<CaseDecisions>(caseUrl(caseId), { signal }),
  fromTemplate: (caseId: string, templateId: string) =>
    api<Decision>(caseUrl(caseId), { method: 'POST', body: { source: 'template', templateId } }),
  fromGenerator: (caseId: string, kind: DecisionKind) =>
    api<Decision>(caseUrl(caseId), { method: 'POST', body: { source: 'generator', kind } }),
  editText: (caseId: string, id: string, text: string) =>
    api<Decision>(decisionUrl(caseId, id), { method: 'PATCH', body: { text } }),
  submit: (caseId: string, id: string) => api<Decision>(`${decisionUrl(caseId, id)}/submit`, { method: 'POST' }),
  release: (caseId: string, id: string) => api<Decision>(`${decisionUrl(caseId, id)}/release`, { method: 'POST' }),
  send: (caseId: string, id: string, version: number, asLetter = false) =>
    api<Decision>(`${decisionUrl(caseId, id)}/send`, { method: 'POST', body: { version, ...(asLetter ? { deliverAs: 'letter' } : {}) } }),
  previewUrl: (caseId: string, id: string, updatedAt: string) =>
    `${decisionUrl(caseId, id)}/preview?v=${encodeURIComponent(updatedAt)}`,
};

export interface TemplateInput {
  serviceId: string | null;
  kind: DecisionKind;
  name: string;
  body: string;
}

/** Tenant administration of decisions (admin:manage). */
export const decisionAdminApi = {
  templates: () => api<{ items: DecisionTemplate[] }>('/api/admin/decision-templates'),
  placeholders: () => api<{ items: { name: string; description: string }[]; formPrefix: string }>('/api/admin/decision-templates/placeholders'),
  createTemplate: (body: TemplateInput) => api<DecisionTemplate>('/api/admin/decision-templates', { method: 'POST', body }),
  updateTemplate: (id: string, body: Partial<TemplateInput>) =>
    api<DecisionTemplate>(`/api/admin/decision-templates/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  deleteTemplate: (id: string) => api<void>(`/api/admin/decision-templates/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  letterhead: () => api<Letterhead>('/api/admin/letterhead'),
  saveLetterhead: (body: { name: string; addressLines: string[]; contact: string; logoBase64?: string | null }) =>
    api<Letterhead>('/api/admin/letterhead', { method: 'PUT', body }),
  settings: () => api<{ items: ServiceDecisionSettings[] }>('/api/admin/decision-settings'),
  saveSettings: (serviceId: string, body: { requiresRelease: boolean; generatorUrl: string | null }) =>
    api<ServiceDecisionSettings>(`/api/admin/decision-settings/${encodeURIComponent(serviceId)}`, { method: 'PUT', body }),
};
