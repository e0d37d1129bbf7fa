import { api } from '../api/client';
import type { ApiBody, ApiQuery, ApiResponse, ItemOf } from '../api/contract';

/** Notes and follow-ups as the API returns them (server/src/notes, server/src/followups). */
export type Note = ApiResponse<'/api/cases/{id}/notes', 'post'>;
export type FollowUp = ApiResponse<'/api/cases/{id}/follow-ups', 'post'>;
export type MyFollowUp = ItemOf<ApiResponse<'/api/follow-ups', 'get'>>;
export type FollowUpState = NonNullable<ApiQuery<'/api/follow-ups', 'get'>['state']>;

const casePath = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}`;

export const notesApi = {
  list: (caseId: string, signal?: AbortSignal) => api<{ items: Note[] }>(`${casePath(caseId)}/notes`, { signal }),
  add: (caseId: string, body: string) => api<Note>(`${casePath(caseId)}/notes`, { method: 'POST', body: { body } }),
  edit: (caseId: string, noteId: string, body: string) =>
    api<Note>(`${casePath(caseId)}/notes/${encodeURIComponent(noteId)}`, { method: 'PATCH', body: { body } }),
  remove: (caseId: string, noteId: string) => api<void>(`${casePath(caseId)}/notes/${encodeURIComponent(noteId)}`, { method: 'DELETE' }),
};

export const followUpsApi = {
  list: (caseId: string, signal?: AbortSignal) => api<{ items: FollowUp[] }>(`${casePath(caseId)}/follow-ups`, { signal }),
  add: (caseId: string, body: ApiBody<'/api/cases/{id}/follow-ups', 'post'>) =>
    api<FollowUp>(`${casePath(caseId)}/follow-ups`, { method: 'POST', body }),
  update: (caseId: string, id: string, body: ApiBody<'/api/cases/{id}/follow-ups/{fid}', 'patch'>) =>
    api<FollowUp>(`${casePath(caseId)}/follow-ups/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  mine: (state: FollowUpState, signal?: AbortSignal) => api<{ items: MyFollowUp[] }>('/api/follow-ups', { query: { owner: 'me', state }, signal }),
};
