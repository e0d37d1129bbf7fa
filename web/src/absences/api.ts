import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';

export type Absence = ApiResponse<'/api/absences', 'get'>['items'][number];
export type AbsenceBody = ApiBody<'/api/absences', 'post'>;
export type RedistributeBody = ApiBody<'/api/absences/redistribute', 'post'>;
export type RedistributeResult = ApiResponse<'/api/absences/redistribute', 'post'>['results'][number];

export const absencesApi = {
  list: (scope: 'mine' | 'all', signal?: AbortSignal) => api<{ items: Absence[] }>('/api/absences', { query: { scope }, signal }),
  record: (body: AbsenceBody) => api<Absence>('/api/absences', { method: 'POST', body }),
  withdraw: (id: string) => api<void>(`/api/absences/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  redistribute: (body: RedistributeBody) =>
    api<{ results: RedistributeResult[] }>('/api/absences/redistribute', { method: 'POST', body }),
};
