import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';

/**
 * Every kind of external effect the platform produces. Each has a deliverer in the worker
 * (registered in server/src/main/outbox.ts). A kind whose payload belongs to a domain module is
 * declared there by augmenting this interface (as fit_connect_event in intake/fit-connect/events.ts),
 * so the outbox imports no domain module.
 */
export interface OutboxMessages {
  /** POST to a tenant's webhook subscription. */
  webhook: { webhookId: string; eventType: string; body: Record<string, unknown> };
  /** E-mail via SMTP. */
  email: { to: string; subject: string; text: string };
  /** Fan-out of a domain event to the tenant's webhook subscriptions (resolved at delivery time). */
  domain_event: { eventType: string; body: Record<string, unknown> };
  /** An outgoing message to an applicant through the case's mailbox channel (server/src/mailbox). */
  mailbox_message: { messageId: string };
  /** An application status message to the BundID status monitor (server/src/mailbox/postfach/status-monitor.ts). */
  postfach_status: { caseId: string; status: 'INITIATED' | 'SUBMITTED' | 'RECEIVED' | 'PROCESSING' | 'ACTION_REQUIRED' | 'COMPLETED'; caseStatus: string; at: string };
}
export type OutboxKind = keyof OutboxMessages;

/** An outbox row as written; the payload as a value, not text. max_attempts: the table's default when absent. */
export interface OutboxRecord { id: string; tenant_id: string; kind: OutboxKind; idempotency_key: string; payload: unknown; max_attempts?: number }

/** An outbox row for a caller that writes it together with other rows in one statement (insertOutbox). */
export function outboxRecord<K extends OutboxKind>(tenantId: string, kind: K, payload: OutboxMessages[K], idempotencyKey: string): OutboxRecord {
  return { id: uuidv7(), tenant_id: tenantId, kind, idempotency_key: idempotencyKey, payload };
}

/**
 * The insert of outbox rows, alone (enqueue) or as a CTE of a bigger statement (a new case's write).
 * The rows travel as one JSON array: the same text for any number of rows, so a caller can keep the
 * statement's plan. ifAbsent: a row whose idempotency key exists already is not recorded again.
 */
export function insertOutbox(tenantId: string, records: OutboxRecord[], options: { ifAbsent?: boolean } = {}) {
  const limited = records.some((r) => r.max_attempts !== undefined);
  return sql`insert into outbox (id, tenant_id, kind, idempotency_key, payload${sql.raw(limited ? ', max_attempts' : '')})
      select (r->>'id')::uuid, ${tenantId}, r->>'kind', r->>'idempotency_key', r->'payload'${sql.raw(limited ? ", (r->>'max_attempts')::int" : '')}
      from jsonb_array_elements(${JSON.stringify(records)}::jsonb) r${sql.raw(options.ifAbsent ? ' on conflict (idempotency_key) do nothing' : '')}`;
}

/**
 * Records an external effect in the caller's transaction. The worker delivers it after commit;
 * if the transaction rolls back, the effect never happens. The idempotency key travels to the
 * receiver so a redelivery after a crash can be recognised there.
 */
export async function enqueue<K extends OutboxKind>(
  trx: Trx,
  tenantId: string,
  kind: K,
  payload: OutboxMessages[K],
  options: { idempotencyKey?: string; maxAttempts?: number; ifAbsent?: boolean } = {},
): Promise<string> {
  const id = uuidv7();
  const record: OutboxRecord = { id, tenant_id: tenantId, kind, idempotency_key: options.idempotencyKey ?? `${kind}:${id}`, payload };
  if (options.maxAttempts) record.max_attempts = options.maxAttempts;
  await insertOutbox(tenantId, [record], { ifAbsent: options.ifAbsent }).execute(trx);
  return id;
}
