import type { FastifyRequest } from 'fastify';
import { requireTenantPrincipal } from '../auth/principal.js';
import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { countUnread, findNotification, listNotifications, markAllRead, markRead, type NotificationRow, type Recipient } from './repository.js';

/** Notifications belong to signed-in people; API tokens have no inbox of their own. */
export function recipientOf(request: FastifyRequest): Recipient {
  const principal = requireTenantPrincipal(request.principal);
  if (principal.kind !== 'user') {
    throw new AppError('forbidden', { detail: 'Benachrichtigungen gibt es nur für angemeldete Mitarbeiterinnen und Mitarbeiter.' });
  }
  return { tenantId: principal.tenantId, userId: principal.userId, orgUnitIds: principal.orgUnitIds };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) {
    throw new AppError('validation_failed', { field: 'cursor', detail: 'Der Wert „cursor“ ist ungültig. Bitte verwenden Sie „nextCursor“ aus der vorigen Antwort.' });
  }
  return id;
}

export async function notificationPage(db: Database, who: Recipient, query: { limit?: number; cursor?: string }) {
  const limit = query.limit ?? 20;
  const afterId = query.cursor ? decodeCursor(query.cursor) : undefined;
  return withTenant(db, { tenantId: who.tenantId }, async (trx) => {
    const rows = await listNotifications(trx, who, { limit: limit + 1, afterId });
    return { unreadCount: await countUnread(trx, who), rows: rows.slice(0, limit), more: rows.length > limit };
  });
}

/** Marks one of the person's own notifications read; someone else's (or another tenant's) is unknown. */
export async function readNotification(db: Database, who: Recipient, id: string): Promise<NotificationRow> {
  return withTenant(db, { tenantId: who.tenantId }, async (trx) => {
    const found = await findNotification(trx, who, id);
    if (!found) throw new AppError('not_found', { detail: `Die Benachrichtigung „${id}“ wurde nicht gefunden.` });
    await markRead(trx, who, id);
    return (await findNotification(trx, who, id))!;
  });
}

export async function readAllNotifications(db: Database, who: Recipient): Promise<{ marked: number; unreadCount: number }> {
  return withTenant(db, { tenantId: who.tenantId }, async (trx) => ({ marked: await markAllRead(trx, who), unreadCount: 0 }));
}
