import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { SOURCE_TYPES } from './catalogue.js';

const ENDPOINT_COLUMNS = [
  'id', 'url', 'description', 'event_types', 'owner_kind', 'owner_id', 'active', 'breaker_state', 'consecutive_failures',
  'opened_at', 'next_probe_at', 'last_failure', 'last_success_at', 'created_at',
] as const;

export function listEndpoints(trx: Trx, tenantId: string) {
  return trx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
}

export function insertEndpoint(trx: Trx, tenantId: string, row: {
  id: string; url: string; secret: string; description: string; eventTypes: string[]; owner?: { kind: 'client'; id: string };
}) {
  return trx.insertInto('webhook_endpoints').values({
    id: row.id, tenant_id: tenantId, url: row.url, secret: row.secret, description: row.description, event_types: row.eventTypes,
    owner_kind: row.owner?.kind ?? null, owner_id: row.owner?.id ?? null,
  }).returning(ENDPOINT_COLUMNS).executeTakeFirstOrThrow();
}

export async function deleteEndpoint(trx: Trx, tenantId: string, id: string): Promise<boolean> {
  // Its waiting deliveries go with it (they would only fail as "no longer exists").
  await trx.deleteFrom('outbox').where('tenant_id', '=', tenantId).where('kind', '=', 'webhook_event').where('status', '=', 'pending')
    .where(sql<boolean>`payload->>'endpointId' = ${id}`).execute();
  const result = await trx.deleteFrom('webhook_endpoints').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Closes the breaker by hand (the admin fixed the receiver): waiting deliveries are due now. */
export async function resetBreaker(trx: Trx, tenantId: string, id: string) {
  const row = await trx.updateTable('webhook_endpoints')
    .set({ breaker_state: 'closed', consecutive_failures: 0, opened_at: null, next_probe_at: null })
    .where('tenant_id', '=', tenantId).where('id', '=', id).returning(ENDPOINT_COLUMNS).executeTakeFirst();
  if (row) {
    await trx.updateTable('outbox').set({ next_attempt_at: sql`now()` })
      .where('tenant_id', '=', tenantId).where('kind', '=', 'webhook_event').where('status', '=', 'pending')
      .where(sql<boolean>`payload->>'endpointId' = ${id}`).execute();
  }
  return row;
}

/**
 * Catalogue events after a sequence number, in sequence order. The chain's seq is drawn under the
 * chain head's row lock and the lock is held to commit, so once seq n is visible every smaller seq
 * of the tenant is visible too: a reader never skips an event that commits later (decision 0025).
 */
export function eventsAfter(trx: Trx, tenantId: string, after: number, limit: number) {
  return trx.selectFrom('case_events')
    .select(['id', 'tenant_id', 'seq', 'case_id', 'type', 'actor_kind', 'actor_id', 'data', 'occurred_at'])
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', after)
    .where('type', 'in', SOURCE_TYPES)
    .where('case_id', 'is not', null)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
}

const DELIVERY_COLUMNS = ['id', 'status', 'attempts', 'max_attempts', 'last_error', 'created_at', 'next_attempt_at', 'delivered_at', 'payload'] as const;

/** Deliveries of catalogue events, newest first (ids are time-ordered); the cursor is the last id of the previous page. */
export function listDeliveries(trx: Trx, tenantId: string, filter: { status?: string; endpointId?: string; limit: number; cursor?: string }) {
  let query = trx.selectFrom('outbox').select(DELIVERY_COLUMNS).where('tenant_id', '=', tenantId).where('kind', '=', 'webhook_event');
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.endpointId) query = query.where(sql<boolean>`payload->>'endpointId' = ${filter.endpointId}`);
  if (filter.cursor) query = query.where('id', '<', filter.cursor);
  return query.orderBy('id', 'desc').limit(filter.limit + 1).execute();
}

export function findDelivery(trx: Trx, tenantId: string, id: string) {
  return trx.selectFrom('outbox').select(DELIVERY_COLUMNS).where('tenant_id', '=', tenantId).where('kind', '=', 'webhook_event')
    .where('id', '=', id).forUpdate().executeTakeFirst();
}

/** dead → pending, attempts reset, due now. Its ordering_seq keeps it before later events of the case still waiting. */
export function requeueDelivery(trx: Trx, tenantId: string, id: string) {
  return trx.updateTable('outbox')
    .set({ status: 'pending', attempts: 0, locked_until: null, next_attempt_at: sql`now()` })
    .where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '=', 'dead')
    .returning(DELIVERY_COLUMNS).executeTakeFirstOrThrow();
}

export type EndpointRow = Awaited<ReturnType<typeof listEndpoints>>[number];
export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>[number];
export type FeedRow = Awaited<ReturnType<typeof eventsAfter>>[number];
