import type { AppConfig } from '../../config.js';
import type { Database, Trx } from '../../db/database.js';
import { OutboundError } from '../../shared/outbound/index.js';

/** An outbox row as a deliverer sees it (re-read inside the message's tenant). */
export interface OutboxMessage {
  id: string;
  tenantId: string;
  kind: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

export interface DeliveryContext {
  db: Database;
  config: AppConfig;
}

/**
 * Delivers one kind of message. `deliver` performs the external effect outside any database
 * transaction (it may take seconds; PGlite has a single connection). `onDelivered` runs inside the
 * transaction that marks the message delivered, for follow-up rows that must commit with it.
 */
export interface Deliverer {
  deliver(message: OutboxMessage, ctx: DeliveryContext): Promise<void>;
  onDelivered?(trx: Trx, message: OutboxMessage, ctx: DeliveryContext): Promise<void>;
  /**
   * The delivery is rows in this database only (`deliver` does nothing; `onDelivered` is the work):
   * the worker delivers a tenant's such messages of one batch in one transaction (worker.ts).
   */
  inDatabase?: boolean;
}

/**
 * A failed delivery. The reason is stored and shown to admins, so it is short and never contains
 * personal data (no addresses, no response bodies). Permanent failures go straight to 'dead'.
 */
export class DeliveryError extends Error {
  constructor(
    readonly reason: string,
    readonly permanent = false,
  ) {
    super(reason);
    this.name = 'DeliveryError';
  }
}

/**
 * Not tried now, and not counted as an attempt: the message stays pending until `until` (a webhook
 * endpoint whose circuit breaker is open, server/src/webhooks/breaker.ts).
 */
export class DeliveryDeferred extends Error {
  constructor(
    readonly reason: string,
    readonly until: Date,
  ) {
    super(reason);
    this.name = 'DeliveryDeferred';
  }
}

/** A short, personal-data-free reason for any error a deliverer threw. */
export function failureReason(error: unknown): { reason: string; permanent: boolean } {
  if (error instanceof DeliveryError) return { reason: error.reason, permanent: error.permanent };
  // One text for blocked, refused, closed and timed out alike: the reason must not map the network.
  if (error instanceof OutboundError) return { reason: error.detail, permanent: false };
  const e = error as { name?: string; code?: string; cause?: { code?: string } } | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { reason: 'Zeitüberschreitung', permanent: false };
  const code = e?.cause?.code ?? e?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return { reason: `Verbindungsfehler (${code})`, permanent: false };
  return { reason: 'Unbekannter Fehler bei der Zustellung', permanent: false };
}
