import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';

/** A saved inbox view; `query` is the inbox query string without "?" (applying it = opening "/?<query>"). */
export type SavedView = ApiResponse<'/api/views', 'post'>;

export const viewsApi = {
  list: () => api<ApiResponse<'/api/views', 'get'>>('/api/views'),
  create: (body: ApiBody<'/api/views', 'post'>) => api<SavedView>('/api/views', { method: 'POST', body }),
  update: (id: string, body: ApiBody<'/api/views/{id}', 'patch'>) => api<SavedView>(`/api/views/${id}`, { method: 'PATCH', body }),
  remove: (id: string) => api<null>(`/api/views/${id}`, { method: 'DELETE' }),
};
