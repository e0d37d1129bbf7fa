import { api } from '../api/client';

export type RetentionStart = 'closed' | 'decision_final';
export type Appraisal = 'A' | 'B' | 'V';
export interface RetentionRule { periodMonths: number; startsAt: RetentionStart; appraisal: Appraisal }

export interface RuleOverview {
  defaultRule: { rule: RetentionRule; builtIn: boolean; updatedAt: string | null; updatedBy: string | null };
  services: Array<{ serviceId: string; serviceName: string; rule: RetentionRule | null; updatedAt: string | null; updatedBy: string | null }>;
}

export interface LegalHold {
  id: string; reason: string; setByName: string; setAt: string;
  releasedByName: string | null; releasedAt: string | null; releaseReason: string | null; active: boolean;
}

export interface CaseRetention {
  rule: RetentionRule;
  ruleSource: 'service' | 'tenant' | 'built_in';
  periodStartedAt: string | null;
  dueAt: string | null;
  onHold: boolean;
  holds: LegalHold[];
  canManageHolds: boolean;
}

export interface AccessEntry {
  id: string; at: string; actor: { kind: string; id: string; name: string }; caseId: string; caseNumber: string; action: string; objectId: string | null;
}
export interface AccessLogPage { items: AccessEntry[]; actors: Array<{ id: string; name: string }>; nextBefore: string | null }
export interface AccessLogFilter { actorId?: string; caseNumber?: string; from?: string; to?: string; before?: string }

const id = (value: string) => encodeURIComponent(value);

/** Records management: retention rules (admins), a case's retention and legal holds. */
export const recordsApi = {
  rules: () => api<RuleOverview>('/api/admin/retention-rules'),
  putDefault: (body: RetentionRule) => api<RuleOverview>('/api/admin/retention-rules/default', { method: 'PUT', body }),
  putService: (serviceId: string, body: RetentionRule) => api<RuleOverview>(`/api/admin/retention-rules/services/${id(serviceId)}`, { method: 'PUT', body }),
  removeService: (serviceId: string) => api<RuleOverview>(`/api/admin/retention-rules/services/${id(serviceId)}`, { method: 'DELETE' }),
  accessLog: (filter: AccessLogFilter, signal?: AbortSignal) => api<AccessLogPage>('/api/access-log', { query: { ...filter }, signal }),
  caseRetention: (caseId: string, signal?: AbortSignal) => api<CaseRetention>(`/api/cases/${id(caseId)}/retention`, { signal }),
  setHold: (caseId: string, reason: string) => api<{ holdId: string }>(`/api/cases/${id(caseId)}/legal-holds`, { method: 'POST', body: { reason } }),
  releaseHold: (caseId: string, holdId: string, reason: string) =>
    api<void>(`/api/cases/${id(caseId)}/legal-holds/${id(holdId)}/release`, { method: 'POST', body: { reason } }),
};
