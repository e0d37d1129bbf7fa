import { api } from '../api/client';

/** Notes and follow-ups as the API returns them (server/src/notes, server/src/followups). */
export interface Note {
  id: string;
  caseId: string;
  body: string;
  author: { id: string; displayName: string };
  own: boolean;
  edited: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface FollowUp {
  id: string;
  caseId: string;
  dueDate: string;
  subject: string;
  description: string;
  owner: { id: string; displayName: string };
  done: boolean;
  overdue: boolean;
  doneAt: string | null;
  doneBy: { id: string; displayName: string } | null;
  createdBy: { id: string; displayName: string } | null;
  createdAt: string;
}

export interface MyFollowUp extends FollowUp {
  case: { id: string; caseNumber: string; title: string; status: string };
}

export type FollowUpState = 'open' | 'overdue' | 'done';

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
  add: (caseId: string, body: { dueDate: string; subject: string; description?: string }) =>
    api<FollowUp>(`${casePath(caseId)}/follow-ups`, { method: 'POST', body }),
  update: (caseId: string, id: string, body: { done?: boolean; dueDate?: string; subject?: string; description?: string }) =>
    api<FollowUp>(`${casePath(caseId)}/follow-ups/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  mine: (state: FollowUpState, signal?: AbortSignal) => api<{ items: MyFollowUp[] }>('/api/follow-ups', { query: { owner: 'me', state }, signal }),
};
