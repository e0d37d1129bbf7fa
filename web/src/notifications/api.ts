import { api } from '../api/client';
import type { ApiResponse } from '../api/contract';

export type NotificationPage = ApiResponse<'/api/notifications', 'get'>;
export type AppNotification = ApiResponse<'/api/notifications/{id}/read', 'post'>;

export const notificationsApi = {
  latest: (limit = 10) => api<NotificationPage>('/api/notifications', { query: { limit } }),
  read: (id: string) => api<AppNotification>(`/api/notifications/${id}/read`, { method: 'POST' }),
  readAll: () => api<ApiResponse<'/api/notifications/read-all', 'post'>>('/api/notifications/read-all', { method: 'POST' }),
};
