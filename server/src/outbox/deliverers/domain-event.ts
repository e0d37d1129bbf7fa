import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import { enqueue, type OutboxMessages } from '../enqueue.js';
import type { Deliverer, DeliveryContext, OutboxMessage } from './types.js';

/**
 * Work a domain event starts in the transaction that marks its fan-out delivered. The outbox knows
 * no domain: the composition root (server/src/main/outbox.ts) registers these.
 */
export type DomainEventListener = (trx: Trx, message: OutboxMessage, event: OutboxMessages['domain_event'], ctx: DeliveryContext) => Promise<void>;

/**
 * Fans a domain event out to the tenant's active webhook subscriptions for its type (or '*').
 * The webhook messages are written in the transaction that marks the fan-out delivered, with
 * idempotency key "<parent key>:<webhookId>", so a repeated fan-out never duplicates them.
 * The listeners run first, in order (e.g. a new case notifies the people of its org unit; see
 * server/src/main/outbox.ts) — here rather than in the intake transaction, which holds the
 * tenant's number counter.
 */
export function domainEventDeliverer(listeners: DomainEventListener[]): Deliverer {
  return {
    inDatabase: true,
    async deliver() {},
    async onDelivered(trx, message, ctx) {
      const payload = message.payload as OutboxMessages['domain_event'];
      for (const listener of listeners) await listener(trx, message, payload, ctx);
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
}
