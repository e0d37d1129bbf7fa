import { withTenant } from '../db/database.js';
import type { OutboxMessages } from '../outbox/enqueue.js';
import { DeliveryDeferred, DeliveryError, failureReason, type Deliverer } from '../outbox/deliverers/types.js';
import { outboundFetch } from '../shared/outbound/index.js';
import { admit, breakerSettings, recordFailure, recordSuccess } from './breaker.js';
import { envelopeOf } from './envelope.js';
import { signStandardWebhook } from './signature.js';

declare module '../outbox/enqueue.js' {
  interface OutboxMessages {
    /**
     * One catalogue event to one webhook endpoint, written by the trigger of migration 0049 in the
     * transaction that appends the event; ordered per endpoint and case (ordering_key).
     */
    webhook_event: { endpointId: string; eventId: string; seq: number; type: string };
  }
}

export const WEBHOOK_EVENT_TIMEOUT_MS = 10_000;

/**
 * POSTs a catalogue event, signed per Standard Webhooks, to its endpoint: the body is built from
 * the chain row at delivery time (the same envelope as the feed), the webhook-id is the event's id
 * (the same on every retry and in the feed, so receivers deduplicate by it). A 2xx answer within
 * the timeout counts as received; anything else is retried by the outbox and counts against the
 * endpoint's circuit breaker (breaker.ts).
 */
export function webhookEventDeliverer(timeoutMs = WEBHOOK_EVENT_TIMEOUT_MS): Deliverer {
  return {
    async deliver(message, { db, config }) {
      const payload = message.payload as OutboxMessages['webhook_event'];
      const settings = breakerSettings(config);
      const found = await withTenant(db, { tenantId: message.tenantId }, async (trx) => {
        const endpoint = await trx.selectFrom('webhook_endpoints')
          .select(['id', 'url', 'secret', 'active', 'breaker_state', 'next_probe_at'])
          .where('id', '=', payload.endpointId).forUpdate().executeTakeFirst();
        const event = await trx.selectFrom('case_events')
          .select(['id', 'tenant_id', 'seq', 'case_id', 'type', 'actor_kind', 'actor_id', 'data', 'occurred_at'])
          .where('id', '=', payload.eventId).executeTakeFirst();
        if (!endpoint || !endpoint.active || !event) return null;
        return { endpoint, event, admission: await admit(trx, endpoint, settings) };
      });
      if (!found) throw new DeliveryError('Webhook-Endpunkt oder Ereignis existiert nicht mehr', true);
      const { endpoint, event, admission } = found;
      if (!admission.go) throw new DeliveryDeferred('Empfänger vorübergehend gesperrt (Schutzschalter offen)', admission.until);
      const envelope = envelopeOf(event);
      if (!envelope) throw new DeliveryError('Kein Ereignis des Katalogs', true);
      const body = JSON.stringify(envelope);
      try {
        // The guard checks the URL and every resolved address before the signed request is sent.
        const response = await outboundFetch(endpoint.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Amtsdesk-Webhook/2',
            ...signStandardWebhook(endpoint.secret, event.id, Math.floor(Date.now() / 1000), body),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        }, config.outbound);
        await response.body?.cancel().catch(() => {});
        if (response.status < 200 || response.status >= 300) throw new DeliveryError(`HTTP ${response.status}`);
      } catch (error) {
        await withTenant(db, { tenantId: message.tenantId }, (trx) => recordFailure(trx, endpoint.id, failureReason(error).reason, settings));
        throw error;
      }
    },
    async onDelivered(trx, message) {
      await recordSuccess(trx, (message.payload as OutboxMessages['webhook_event']).endpointId);
    },
  };
}
