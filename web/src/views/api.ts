import { api } from '../api/client';

export interface SavedView {
  id: string;
  name: string;
  /** The inbox query string without "?"; applying it = opening "/?<query>". */
  query: string;
  shared: boolean;
  own: boolean;
  owner: { id: string; displayName: string };
}

export const viewsApi = {
  list: () => api<{ items: SavedView[] }>('/api/views'),
  create: (body: { name: string; query: string; shared?: boolean }) => api<SavedView>('/api/views', { method: 'POST', body }),
  update: (id: string, body: { name?: string; shared?: boolean }) => api<SavedView>(`/api/views/${id}`, { method: 'PATCH', body }),
  remove: (id: string) => api<null>(`/api/views/${id}`, { method: 'DELETE' }),
};
