import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { absentPeopleCoveredBy } from '../absences/scope.js';

export interface NotificationRow {
  id: string;
  kind: string;
  created_at: Date;
  read_at: Date | null;
  case_id: string;
  case_number: string;
  case_title: string;
  case_status: string;
}

export interface Recipient {
  tenantId: string;
  userId: string;
  /** Org units the person works for (empty = all): notifications of cases that left them are hidden. */
  orgUnitIds: string[];
}

function ownNotifications(trx: Trx, who: Recipient) {
  let query = trx
    .selectFrom('notifications as n')
    .innerJoin('cases as c', 'c.id', 'n.case_id')
    .where('n.tenant_id', '=', who.tenantId)
    .where('n.user_id', '=', who.userId);
  // A deputy keeps the notices about the cases of the people they cover today, in any unit (Vertretung);
  // a task (tasks/) is addressed to the person or their unit, whichever unit the case belongs to.
  if (who.orgUnitIds.length) {
    query = query.where((eb) => eb.or([
      eb('c.org_unit_id', 'in', who.orgUnitIds),
      eb('c.assignee_id', 'in', absentPeopleCoveredBy(who.tenantId, who.userId)),
      eb('n.kind', '=', 'task.assigned'),
    ]));
  }
  return query;
}

/**
 * The person's notifications, newest first, after the keyset position. The id is a UUIDv7 drawn
 * when the notification is written, so it orders by creation time (created_at is the transaction's
 * time and equal for a whole fan-out).
 */
export async function listNotifications(trx: Trx, who: Recipient, page: { limit: number; afterId?: string }): Promise<NotificationRow[]> {
  let query = ownNotifications(trx, who).select([
    'n.id', 'n.kind', 'n.created_at', 'n.read_at', 'n.case_id', 'c.case_number', 'c.title as case_title', 'c.status as case_status',
  ]);
  if (page.afterId) query = query.where('n.id', '<', page.afterId);
  return query.orderBy('n.id', 'desc').limit(page.limit).execute();
}

export async function countUnread(trx: Trx, who: Recipient): Promise<number> {
  const row = await ownNotifications(trx, who).where('n.read_at', 'is', null).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findNotification(trx: Trx, who: Recipient, id: string): Promise<NotificationRow | undefined> {
  return ownNotifications(trx, who)
    .select(['n.id', 'n.kind', 'n.created_at', 'n.read_at', 'n.case_id', 'c.case_number', 'c.title as case_title', 'c.status as case_status'])
    .where('n.id', '=', id)
    .executeTakeFirst();
}

export async function markRead(trx: Trx, who: Recipient, id: string): Promise<void> {
  await trx
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('tenant_id', '=', who.tenantId)
    .where('user_id', '=', who.userId)
    .where('id', '=', id)
    .where('read_at', 'is', null)
    .execute();
}

/** Marks every unread notification of the person read (also those of cases that left their units). */
export async function markAllRead(trx: Trx, who: Recipient): Promise<number> {
  const result = await trx
    .updateTable('notifications')
    .set({ read_at: sql`now()` })
    .where('tenant_id', '=', who.tenantId)
    .where('user_id', '=', who.userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
