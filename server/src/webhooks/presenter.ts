import type { Static } from '@sinclair/typebox';
import type { OutboxMessages } from '../outbox/enqueue.js';
import type { DeliveryRow, EndpointRow } from './repository.js';
import type { WebhookDelivery, WebhookEndpoint } from './schemas.js';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value ? iso(value) : null);

/** Never the secret: it was shown once at creation. */
export function presentEndpoint(row: EndpointRow): Static<typeof WebhookEndpoint> {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    owner: row.owner_kind === 'client' && row.owner_id ? { kind: 'client', id: row.owner_id } : null,
    active: row.active,
    breaker: {
      state: row.breaker_state as 'closed' | 'open' | 'half_open',
      consecutiveFailures: row.consecutive_failures,
      openedAt: isoOrNull(row.opened_at),
      nextProbeAt: isoOrNull(row.next_probe_at),
      lastFailure: row.last_failure,
      lastSuccessAt: isoOrNull(row.last_success_at),
    },
    createdAt: iso(row.created_at),
  };
}

/** Ids and state only: the event itself is read through the feed or the case. */
export function presentDelivery(row: DeliveryRow): Static<typeof WebhookDelivery> {
  const payload = row.payload as unknown as OutboxMessages['webhook_event'];
  return {
    id: row.id,
    endpointId: payload.endpointId,
    eventId: payload.eventId,
    eventType: payload.type,
    sequence: Number(payload.seq),
    status: row.status as 'pending' | 'delivered' | 'dead',
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    createdAt: iso(row.created_at),
    nextAttemptAt: iso(row.next_attempt_at),
    deliveredAt: isoOrNull(row.delivered_at),
  };
}
