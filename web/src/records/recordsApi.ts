import { api } from '../api/client';
import type { ApiQuery, ApiResponse } from '../api/contract';

export type RuleOverview = ApiResponse<'/api/admin/retention-rules', 'get'>;
export type RetentionRule = RuleOverview['defaultRule']['rule'];
export type RetentionStart = RetentionRule['startsAt'];
export type Appraisal = RetentionRule['appraisal'];
export type CaseRetention = ApiResponse<'/api/cases/{id}/retention', 'get'>;
export type LegalHold = CaseRetention['holds'][number];
export type AccessLogPage = ApiResponse<'/api/access-log', 'get'>;
export type AccessEntry = AccessLogPage['items'][number];
export type AccessLogFilter = NonNullable<ApiQuery<'/api/access-log', 'get'>>;

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
