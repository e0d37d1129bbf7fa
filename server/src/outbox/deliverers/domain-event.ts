import { sql } from 'kysely';
import { enqueue, type OutboxMessages } from '../enqueue.js';
import type { Deliverer } from './types.js';

/**
 * Fans a domain event out to the tenant's active webhook subscriptions for its type (or '*').
 * The webhook messages are written in the transaction that marks the fan-out delivered, with
 * idempotency key "<parent key>:<webhookId>", so a repeated fan-out never duplicates them.
 */
export const domainEventDeliverer: Deliverer = {
  async deliver() {},
  async onDelivered(trx, message) {
    const payload = message.payload as OutboxMessages['domain_event'];
    const hooks = await trx
      .selectFrom('webhooks')
      .select('id')
      .where('active', '=', true)
      .where(sql<boolean>`event_types && array[${payload.eventType}, '*']::text[]`)
      .orderBy('id')
      .execute();
    for (const hook of hooks) {
      await enqueue(
        trx,
        message.tenantId,
        'webhook',
        { webhookId: hook.id, eventType: payload.eventType, body: payload.body },
        { idempotencyKey: `${message.idempotencyKey}:${hook.id}`, ifAbsent: true },
      );
    }
  },
};
