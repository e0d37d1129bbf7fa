import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';

export type Agreement = ApiResponse<'/api/delegation/agreements', 'get'>['items'][number];
export type AgreementInput = ApiBody<'/api/delegation/agreements', 'post'>;
export type CaseGrant = ApiResponse<'/api/cases/{id}/delegation-grants', 'get'>['items'][number];
export type DelegatedCase = ApiResponse<'/api/delegated-cases', 'get'>['items'][number];

const id = (value: string) => encodeURIComponent(value);

/** Help between municipalities (server/src/delegation): agreements (admins), shares of one case, the helper's desk. */
export const delegationApi = {
  agreements: (signal?: AbortSignal) => api<ApiResponse<'/api/delegation/agreements', 'get'>>('/api/delegation/agreements', { signal }),
  propose: (body: AgreementInput) => api<Agreement>('/api/delegation/agreements', { method: 'POST', body }),
  accept: (agreementId: string, body: ApiBody<'/api/delegation/agreements/{id}/accept', 'post'>) =>
    api<Agreement>(`/api/delegation/agreements/${id(agreementId)}/accept`, { method: 'POST', body }),
  revoke: (agreementId: string) => api<Agreement>(`/api/delegation/agreements/${id(agreementId)}/revoke`, { method: 'POST' }),
  assistance: (signal?: AbortSignal) => api<ApiResponse<'/api/delegation/assistance', 'get'>>('/api/delegation/assistance', { signal }),
  grants: (caseId: string, signal?: AbortSignal) =>
    api<ApiResponse<'/api/cases/{id}/delegation-grants', 'get'>>(`/api/cases/${id(caseId)}/delegation-grants`, { signal }),
  share: (caseId: string, agreementId: string) =>
    api<ApiResponse<'/api/cases/{id}/delegation-grants', 'post'>>(`/api/cases/${id(caseId)}/delegation-grants`, { method: 'POST', body: { agreementId } }),
  unshare: (caseId: string, grantId: string) => api<void>(`/api/cases/${id(caseId)}/delegation-grants/${id(grantId)}`, { method: 'DELETE' }),
  delegatedCases: (signal?: AbortSignal) => api<ApiResponse<'/api/delegated-cases', 'get'>>('/api/delegated-cases', { signal }),
};
