import type { AppDeps, AppInstance } from '../http/app-types.js';
import { cursorOf, presentNotification } from './presenter.js';
import { NotificationListSchema, NotificationParamsSchema, NotificationQuerySchema, NotificationSchema, ReadAllSchema } from './schemas.js';
import { notificationPage, readAllNotifications, readNotification, recipientOf } from './service.js';

const tags = ['Benachrichtigungen'];
const security: Array<Record<string, string[]>> = [{ session: [] }];

/** The signed-in person's notifications (today: new cases in their org units). */
export async function notificationRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get('/notifications', {
    config: { permission: 'case.read' },
    schema: {
      tags, security, summary: 'Eigene Benachrichtigungen: Zahl der ungelesenen und die neuesten Einträge (seitenweise)',
      querystring: NotificationQuerySchema, response: { 200: NotificationListSchema },
    },
  }, async (request) => {
    const page = await notificationPage(db, recipientOf(request), request.query);
    const last = page.rows.at(-1);
    return { unreadCount: page.unreadCount, items: page.rows.map(presentNotification), nextCursor: page.more && last ? cursorOf(last) : null };
  });

  app.post('/notifications/:id/read', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Benachrichtigung als gelesen markieren', params: NotificationParamsSchema, response: { 200: NotificationSchema } },
  }, async (request) => presentNotification(await readNotification(db, recipientOf(request), request.params.id)));

  app.post('/notifications/read-all', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Alle eigenen Benachrichtigungen als gelesen markieren', response: { 200: ReadAllSchema } },
  }, async (request) => readAllNotifications(db, recipientOf(request)));
}
