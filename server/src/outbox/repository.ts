import { sql } from 'kysely';
import type { Trx } from '../db/database.js';

export type OutboxStatus = 'pending' | 'delivered' | 'dead';

const WEBHOOK_COLUMNS = ['id', 'url', 'event_types', 'active', 'created_at'] as const;
const OUTBOX_COLUMNS = ['id', 'kind', 'status', 'attempts', 'max_attempts', 'last_error', 'created_at', 'next_attempt_at', 'delivered_at'] as const;

export function listWebhooks(trx: Trx, tenantId: string) {
  return trx.selectFrom('webhooks').select(WEBHOOK_COLUMNS).where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
}

export async function insertWebhook(trx: Trx, tenantId: string, row: { id: string; url: string; secret: string; eventTypes: string[] }) {
  return trx
    .insertInto('webhooks')
    .values({ id: row.id, tenant_id: tenantId, url: row.url, secret: row.secret, event_types: row.eventTypes })
    .returning(WEBHOOK_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function deleteWebhook(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  const result = await trx.deleteFrom('webhooks').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Newest first; the cursor is the last id of the previous page (ids are time-ordered UUIDv7). */
export function listOutboxMessages(trx: Trx, tenantId: string, filter: { status?: OutboxStatus; limit: number; cursor?: string }) {
  let query = trx.selectFrom('outbox').select(OUTBOX_COLUMNS).where('tenant_id', '=', tenantId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  return query.orderBy('id', 'desc').limit(filter.limit + 1).execute();
}

export function findOutboxMessage(trx: Trx, tenantId: string, id: string) {
  return trx.selectFrom('outbox').select(OUTBOX_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** dead → pending, attempts reset, due now. */
export function requeueOutboxMessage(trx: Trx, tenantId: string, id: string) {
  return trx
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, locked_until: null, next_attempt_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'dead')
    .returning(OUTBOX_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function deadLettersOfAllTenants(trx: Trx, limit: number) {
  const result = await sql<{
    id: string; tenant_id: string; tenant_slug: string; tenant_name: string; kind: string; attempts: number; last_error: string | null; created_at: Date;
  }>`
    select d.*, t.slug as tenant_slug, t.name as tenant_name
    from outbox_dead_letters_all(${limit}::int) d join tenants t on t.id = d.tenant_id
    order by d.created_at desc`.execute(trx);
  return result.rows;
}

/** The tenant of a dead letter (definer function, 0053): null when there is no such dead letter. */
export async function deadLetterTenant(trx: Trx, id: string): Promise<string | null> {
  const result = await sql<{ tenant_id: string | null }>`select outbox_dead_letter_tenant(${id}::uuid) as tenant_id`.execute(trx);
  return result.rows[0]?.tenant_id ?? null;
}

export type WebhookRow = Awaited<ReturnType<typeof listWebhooks>>[number];
export type OutboxRow = Awaited<ReturnType<typeof listOutboxMessages>>[number];
export type DeadLetterRow = Awaited<ReturnType<typeof deadLettersOfAllTenants>>[number];
