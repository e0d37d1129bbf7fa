import { createHmac } from 'node:crypto';
import { withTenant } from '../../db/database.js';
import type { OutboxMessages } from '../enqueue.js';
import { outboundFetch } from '../../shared/outbound/index.js';
import { DeliveryError, type Deliverer } from './types.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * POSTs the event as JSON to the subscription's URL. Receivers must deduplicate by the
 * Idempotency-Key header: after a crash the same message may arrive again (at-least-once).
 */
export function webhookDeliverer(timeoutMs = WEBHOOK_TIMEOUT_MS): Deliverer {
  return {
    async deliver(message, { db, config }) {
      const payload = message.payload as OutboxMessages['webhook'];
      const hook = await withTenant(db, { tenantId: message.tenantId }, (trx) =>
        trx.selectFrom('webhooks').select(['url', 'secret', 'active']).where('id', '=', payload.webhookId).executeTakeFirst(),
      );
      if (!hook || !hook.active) throw new DeliveryError('Webhook-Abonnement existiert nicht mehr', true);
      const body = JSON.stringify({ eventType: payload.eventType, idempotencyKey: message.idempotencyKey, data: payload.body });
      // The guard checks the URL and every resolved address before the signed request is sent.
      const response = await outboundFetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.idempotencyKey,
          'x-amtsdesk-event': payload.eventType,
          'x-amtsdesk-signature': signWebhookBody(body, hook.secret),
          'user-agent': 'Amtsdesk-Webhook/1',
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      }, config.outbound);
      await response.body?.cancel().catch(() => {});
      if (response.status < 200 || response.status >= 300) throw new DeliveryError(`HTTP ${response.status}`);
    },
  };
}
