import { api } from '../api/client';

export interface AppNotification {
  id: string;
  kind: string;
  case: { id: string; caseNumber: string; title: string; status: string };
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  unreadCount: number;
  items: AppNotification[];
  nextCursor: string | null;
}

export const notificationsApi = {
  latest: (limit = 10) => api<NotificationPage>('/api/notifications', { query: { limit } }),
  read: (id: string) => api<AppNotification>(`/api/notifications/${id}/read`, { method: 'POST' }),
  readAll: () => api<{ marked: number; unreadCount: number }>('/api/notifications/read-all', { method: 'POST' }),
};
