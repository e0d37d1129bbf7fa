import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';

export type Participant = ApiResponse<'/api/cases/{id}/participants/{participantId}/statement-request', 'put'>;
export type InviteBody = ApiBody<'/api/cases/{id}/participants', 'post'>;
type ItemKind = 'message' | 'attachment';

const base = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/participants`;
const one = (caseId: string, participantId: string) => `${base(caseId)}/${encodeURIComponent(participantId)}`;

/** The Antragsraum of a case in the desk (server/src/participants/routes.ts). */
export const participantsApi = {
  list: (caseId: string, signal?: AbortSignal) => api<ApiResponse<'/api/cases/{id}/participants', 'get'>>(base(caseId), { signal }),
  invite: (caseId: string, body: InviteBody) => api<Participant>(base(caseId), { method: 'POST', body }),
  revoke: (caseId: string, participantId: string) => api<void>(one(caseId, participantId), { method: 'DELETE' }),
  share: (caseId: string, participantId: string, kind: ItemKind, itemId: string, shared: boolean) =>
    api<Participant>(`${one(caseId, participantId)}/shares/${kind}/${encodeURIComponent(itemId)}`, { method: shared ? 'PUT' : 'DELETE' }),
  requestStatement: (caseId: string, participantId: string, body: ApiBody<'/api/cases/{id}/participants/{participantId}/statement-request', 'put'>) =>
    api<Participant>(`${one(caseId, participantId)}/statement-request`, { method: 'PUT', body }),
};
