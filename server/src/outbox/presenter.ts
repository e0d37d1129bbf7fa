import type { Static } from '@sinclair/typebox';
import type { DeadLetterRow, OutboxRow, OutboxStatus, WebhookRow } from './repository.js';
import type { DeadLetter, DeadLetterErrorClass, OutboxMessage, Webhook } from './schemas.js';

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
    tenantSlug: row.tenant_slug,
    tenantName: row.tenant_name,
    kind: row.kind,
    attempts: row.attempts,
    errorClass: errorClassOf(row.last_error),
    lastError: row.last_error,
    createdAt: iso(row.created_at),
  };
}

/**
 * The kind of failure, from the stored reason (a fixed text of the deliverers, never a remote body):
 * what an operator sorts and counts by across tenants.
 */
export function errorClassOf(lastError: string | null): DeadLetterErrorClass {
  const reason = lastError ?? '';
  if (/HTTP 4\d\d|SMTP 5\d\d/.test(reason)) return 'rejected';
  if (/HTTP 5\d\d|SMTP 4\d\d/.test(reason)) return 'remote_error';
  if (/Zeitüberschreitung|Verbindungsfehler|nicht erreichbar|SMTP-Fehler/.test(reason)) return 'unreachable';
  if (/nicht eingerichtet|kein .*hinterlegt|fehlt|nicht mehr angebunden|Signaturschlüssel|Kein externer|Kein Postfach/i.test(reason)) return 'configuration';
  if (/existiert nicht mehr/.test(reason)) return 'gone';
  if (/Unbekannte Nachrichtenart/.test(reason)) return 'unknown_kind';
  return 'other';
}
