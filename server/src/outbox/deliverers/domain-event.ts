import { sql } from 'kysely';
import { notifyNewCase } from '../../notifications/fan-out.js';
import { enqueue, type OutboxMessages } from '../enqueue.js';
import type { Deliverer } from './types.js';

/**
 * Fans a domain event out to the tenant's active webhook subscriptions for its type (or '*').
 * The webhook messages are written in the transaction that marks the fan-out delivered, with
 * idempotency key "<parent key>:<webhookId>", so a repeated fan-out never duplicates them.
 * A new case also notifies the people of its org unit in the desk (server/src/notifications).
 */
export const domainEventDeliverer: Deliverer = {
  async deliver() {},
  async onDelivered(trx, message) {
    const payload = message.payload as OutboxMessages['domain_event'];
    if (payload.eventType === 'case.created' && typeof payload.body.caseId === 'string') {
      await notifyNewCase(trx, message.tenantId, payload.body.caseId);
    }
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
