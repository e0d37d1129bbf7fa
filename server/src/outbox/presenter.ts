import type { Static } from '@sinclair/typebox';
import type { DeadLetterRow, OutboxRow, OutboxStatus, WebhookRow } from './repository.js';
import type { DeadLetter, OutboxMessage, Webhook } from './schemas.js';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentWebhook(row: WebhookRow): Static<typeof Webhook> {
  return { id: row.id, url: row.url, eventTypes: row.event_types, active: row.active, createdAt: iso(row.created_at) };
}

/** Metadata only: the payload may hold personal data (addresses, case content) and is never shown. */
export function presentOutboxMessage(row: OutboxRow): Static<typeof OutboxMessage> {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    createdAt: iso(row.created_at),
    nextAttemptAt: iso(row.next_attempt_at),
    deliveredAt: row.delivered_at ? iso(row.delivered_at) : null,
  };
}

export function presentDeadLetter(row: DeadLetterRow): Static<typeof DeadLetter> {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: iso(row.created_at),
  };
}
