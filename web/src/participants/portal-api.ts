import type { ApiResponse } from '../api/contract';
import { call } from '../portal/api';

export type Participation = ApiResponse<'/api/portal/participations/{id}', 'get'>;
export type ParticipationItem = ApiResponse<'/api/portal/participations', 'get'>['items'][number];

const base = (caseId: string) => `/participations/${encodeURIComponent(caseId)}`;

/** The participant's side of the Antragsraum in the citizen portal. */
export const participationApi = {
  list: (signal?: AbortSignal) => call<ApiResponse<'/api/portal/participations', 'get'>>('/participations', { signal }),
  get: (caseId: string, signal?: AbortSignal) => call<Participation>(base(caseId), { signal }),
  contribute: (caseId: string, form: FormData) => call<ApiResponse<'/api/portal/participations/{id}/contributions', 'post'>>(`${base(caseId)}/contributions`, { method: 'POST', form }),
  /** Always a download: shared files are never shown on our origin. */
  fileUrl: (caseId: string, fileId: string) => `/api/portal${base(caseId)}/attachments/${encodeURIComponent(fileId)}/content`,
  whoTakesPart: (caseId: string, signal?: AbortSignal) =>
    call<ApiResponse<'/api/portal/applications/{id}/participants', 'get'>>(`/applications/${encodeURIComponent(caseId)}/participants`, { signal }),
};
