import { api, buildUrl } from '../api/client';
import type { ApiBody, ApiQuery, ApiResponse } from '../api/contract';

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

export type SubjectQuery = NonNullable<ApiQuery<'/api/privacy/subjects', 'get'>>;
export type SubjectCases = ApiResponse<'/api/privacy/subjects', 'get'>;
export type SubjectCase = SubjectCases['items'][number];
export type CorrectionBody = ApiBody<'/api/privacy/cases/{id}/corrections', 'post'>;
export type ErasureRequest = ApiResponse<'/api/privacy/erasure-requests', 'get'>['items'][number];

/** Data-subject rights (Art. 15–17) for the data-protection officer. */
export const privacyApi = {
  search: (query: SubjectQuery) => api<SubjectCases>('/api/privacy/subjects', { query: { ...query } }),
  /** The Art. 15 report is a download: a link to this address, never fetched into the page. */
  reportUrl: (caseIds: string[]) => buildUrl('/api/privacy/subject-report', { caseIds }),
  correct: (caseId: string, body: CorrectionBody) => api<{ version: number }>(`/api/privacy/cases/${id(caseId)}/corrections`, { method: 'POST', body }),
  requests: () => api<{ items: ErasureRequest[] }>('/api/privacy/erasure-requests'),
  requestErasure: (caseId: string, reason: string) => api<ErasureRequest>(`/api/privacy/cases/${id(caseId)}/erasure-requests`, { method: 'POST', body: { reason } }),
  confirmErasure: (requestId: string) => api<ErasureRequest>(`/api/privacy/erasure-requests/${id(requestId)}/confirm`, { method: 'POST' }),
  withdrawErasure: (requestId: string, reason: string) => api<void>(`/api/privacy/erasure-requests/${id(requestId)}/withdraw`, { method: 'POST', body: { reason } }),
};
