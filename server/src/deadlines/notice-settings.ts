import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { DEFAULT_NOTICE } from './notices.js';
import type { Recipient } from '../notifications/repository.js';

export interface NoticeSettings { daysBefore: number | null; onDueDay: boolean }

/** The signed-in person's deadline notice settings (the defaults until they save their own). */
export async function readNoticeSettings(db: Database, who: Recipient): Promise<NoticeSettings> {
  const row = await withTenant(db, { tenantId: who.tenantId }, (trx) => trx.selectFrom('deadline_notice_settings')
    .select(['days_before', 'on_due_day']).where('tenant_id', '=', who.tenantId).where('user_id', '=', who.userId).executeTakeFirst());
  return row ? { daysBefore: row.days_before, onDueDay: row.on_due_day } : { ...DEFAULT_NOTICE };
}

export async function saveNoticeSettings(db: Database, who: Recipient, input: NoticeSettings): Promise<NoticeSettings> {
  await withTenant(db, { tenantId: who.tenantId }, (trx) => trx.insertInto('deadline_notice_settings')
    .values({ tenant_id: who.tenantId, user_id: who.userId, days_before: input.daysBefore, on_due_day: input.onDueDay })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ days_before: input.daysBefore, on_due_day: input.onDueDay }))
    .execute());
  return { daysBefore: input.daysBefore, onDueDay: input.onDueDay };
}
