import { sql } from 'kysely';
import { notifyIntakeStaff } from '../../intake/notify.js';
import { notifyNewCase } from '../../notifications/fan-out.js';
import { isUuid } from '../../shared/ids.js';
import { enqueue, type OutboxMessages } from '../enqueue.js';
import type { Deliverer } from './types.js';

/**
 * Fans a domain event out to the tenant's active webhook subscriptions for its type (or '*').
 * The webhook messages are written in the transaction that marks the fan-out delivered, with
 * idempotency key "<parent key>:<webhookId>", so a repeated fan-out never duplicates them.
 * A new case also notifies the people of its org unit in the desk (server/src/notifications) and,
 * where the tenant wants it, by e-mail (server/src/intake/notify.ts) — here rather than in the
 * intake transaction, which holds the tenant's number counter.
 */
export const domainEventDeliverer: Deliverer = {
  async deliver() {},
  async onDelivered(trx, message, ctx) {
    const payload = message.payload as OutboxMessages['domain_event'];
    if (payload.eventType === 'case.created' && typeof payload.body.caseId === 'string' && isUuid(payload.body.caseId)) {
      await notifyNewCase(trx, message.tenantId, payload.body.caseId);
      await notifyIntakeStaff(trx, message.tenantId, payload.body.caseId, ctx.config.publicUrl);
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
