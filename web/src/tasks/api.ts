import { api } from '../api/client';
import type { ApiBody, ApiResponse, ItemOf } from '../api/contract';

/** Tasks as the API returns them (server/src/tasks). */
export type Task = ApiResponse<'/api/cases/{id}/tasks', 'post'>;
export type TaskBody = ApiBody<'/api/cases/{id}/tasks', 'post'>;
export type CompleteBody = ApiBody<'/api/cases/{id}/tasks/{tid}/complete', 'post'>;
export type MyTask = ItemOf<ApiResponse<'/api/tasks', 'get'>>;

const casePath = (caseId: string) => `/api/cases/${encodeURIComponent(caseId)}/tasks`;

export const tasksApi = {
  list: (caseId: string, signal?: AbortSignal) => api<{ items: Task[] }>(casePath(caseId), { signal }),
  add: (caseId: string, body: TaskBody) => api<Task>(casePath(caseId), { method: 'POST', body }),
  complete: (caseId: string, id: string, body: CompleteBody) =>
    api<Task>(`${casePath(caseId)}/${encodeURIComponent(id)}/complete`, { method: 'POST', body }),
  cancel: (caseId: string, id: string) => api<Task>(`${casePath(caseId)}/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  mine: (signal?: AbortSignal) => api<{ items: MyTask[] }>('/api/tasks', { signal }),
};
