import { sql, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import { withPlatform, withTenant, type Database } from '../db/database.js';
import type { OutboxTable } from '../db/schema.js';
import { backoffDelayMs, type BackoffSettings } from './backoff.js';
import { OutboundError } from '../shared/outbound/index.js';
import { DeliveryDeferred, failureReason, type Deliverer, type OutboxMessage } from './deliverers/types.js';
import { outboxDeliveries, outboxMetricsSource, setOutboxMetricsSource } from './metrics.js';

export interface OutboxWorkerDeps {
  db: Database;
  config: AppConfig;
  logger?: Logger;
  pollMs?: number;
}

/** A deliverer per message kind; the composition root registers them (server/src/main/outbox.ts). */
export type Deliverers = Record<string, Deliverer>;

export interface OutboxWorker {
  stop(): Promise<void>;
  /** Claims and handles one batch of due messages; resolves with how many were claimed. */
  runOnce(): Promise<number>;
}

export const OUTBOX_DEFAULTS = { backoffBaseMs: 1_000, backoffMaxMs: 3_600_000, leaseSeconds: 60, batchSize: 10, pollMs: 1_000 };

/**
 * Delivers outbox messages of all tenants: at-least-once, with the idempotency key on every
 * delivery so receivers can make it effectively-once. A message is leased (outbox_claim, SKIP
 * LOCKED, several workers may run) and then handled inside its own tenant (RLS applies). A worker
 * that crashes mid-delivery loses nothing: the lease expires and another worker delivers again.
 */
export function startOutboxWorkerWith(deliverers: Deliverers, deps: OutboxWorkerDeps): OutboxWorker {
  const { db, config } = deps;
  const settings = { ...OUTBOX_DEFAULTS, ...definedOnly(config.outbox ?? {}) };
  const backoff: BackoffSettings = { baseMs: settings.backoffBaseMs, maxMs: settings.backoffMaxMs };
  const pollMs = deps.pollMs ?? OUTBOX_DEFAULTS.pollMs;
  const ctx = { db, config };
  const inDatabaseKinds = Object.keys(deliverers).filter((kind) => deliverers[kind]!.inDatabase);
  setOutboxMetricsSource(db);

  async function runOnce(): Promise<number> {
    const claimed = await withPlatform(db, async (trx) =>
      (await sql<{ id: string; tenant_id: string }>`select * from outbox_claim(${settings.batchSize}::int, ${settings.leaseSeconds}::int)`.execute(trx)).rows,
    );
    const byTenant = new Map<string, string[]>();
    for (const c of claimed) byTenant.set(c.tenant_id, [...(byTenant.get(c.tenant_id) ?? []), c.id]);
    // Every claimed message gets its turn even if one fails on a database error (its lease expires).
    const results = await Promise.allSettled([...byTenant].map(async ([tenantId, ids]) => {
      const done = await deliverInDatabase(tenantId, ids);
      const rest = await Promise.allSettled(ids.filter((id) => !done.has(id)).map((id) => handle(id, tenantId)));
      const failed = rest.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return claimed.length;
  }

  /**
   * A tenant's claimed messages whose delivery is rows in this database (a new case's notices, the
   * webhook fan-out) are marked delivered and worked in one transaction: one commit instead of two
   * transactions per message (docs/performance.md, "bench:intake in production mode"). If any of
   * them fails, the whole transaction rolls back and each message goes the single way, where the
   * failing one is retried alone and the others are delivered. Returns the ids delivered here.
   */
  async function deliverInDatabase(tenantId: string, ids: string[]): Promise<Set<string>> {
    if (inDatabaseKinds.length === 0 || ids.length < 2) return new Set();
    try {
      return await withTenant(db, { tenantId }, async (trx) => {
        const rows = await trx
          .updateTable('outbox')
          .set({ status: 'delivered', delivered_at: sql`now()`, locked_until: null, attempts: sql`attempts + 1` })
          .where('id', 'in', ids)
          .where('status', '=', 'pending')
          .where('kind', 'in', inDatabaseKinds)
          .returningAll()
          .execute();
        rows.sort((a, b) => (a.id < b.id ? -1 : 1));
        for (const row of rows) await deliverers[row.kind]!.onDelivered?.(trx, messageOf(row), ctx);
        for (const row of rows) outboxDeliveries.inc({ kind: row.kind, result: 'delivered' });
        return new Set(rows.map((row) => row.id));
      });
    } catch (error) {
      deps.logger?.warn({ code: (error as { code?: string }).code, messages: ids.length }, 'outbox: batch delivery rolled back, delivering one by one');
      return new Set();
    }
  }

  async function handle(id: string, tenantId: string): Promise<void> {
    const message = await withTenant(db, { tenantId }, (trx) =>
      trx.selectFrom('outbox').selectAll().where('id', '=', id).where('status', '=', 'pending').executeTakeFirst(),
    );
    if (!message) return; // delivered or changed by someone else since the claim
    const msg = messageOf(message);
    const deliverer = deliverers[msg.kind];
    if (!deliverer) return recordFailure(msg, 'Unbekannte Nachrichtenart', true);
    try {
      await deliverer.deliver(msg, ctx);
    } catch (error) {
      if (error instanceof DeliveryDeferred) return defer(msg, error);
      const failure = failureReason(error);
      // The stored reason is deliberately vague for outbound failures; the log keeps the cause (host, error code).
      return recordFailure(msg, failure.reason, failure.permanent, error instanceof OutboundError ? error.message : undefined);
    }
    try {
      await withTenant(db, { tenantId }, async (trx) => {
        const result = await trx
          .updateTable('outbox')
          .set({ status: 'delivered', delivered_at: sql`now()`, locked_until: null, attempts: sql`attempts + 1` })
          .where('id', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) await deliverer.onDelivered?.(trx, msg, ctx);
      });
    } catch (error) {
      // The follow-up work failed and rolled back with the mark: counted as an attempt like a failed
      // delivery (backoff, then dead letter), instead of coming back silently when the lease runs out.
      return recordFailure(msg, failureReason(error).reason, false, (error as { code?: string }).code);
    }
    outboxDeliveries.inc({ kind: msg.kind, result: 'delivered' });
  }

  async function defer(msg: OutboxMessage, deferred: DeliveryDeferred): Promise<void> {
    await withTenant(db, { tenantId: msg.tenantId }, (trx) =>
      trx.updateTable('outbox')
        .set({ last_error: deferred.reason.slice(0, 200), locked_until: null, next_attempt_at: deferred.until })
        .where('id', '=', msg.id).where('status', '=', 'pending').execute(),
    );
    outboxDeliveries.inc({ kind: msg.kind, result: 'deferred' });
  }

  async function recordFailure(msg: OutboxMessage, reason: string, permanent: boolean, internal?: string): Promise<void> {
    const attempts = msg.attempts + 1;
    const dead = permanent || attempts >= msg.maxAttempts;
    const delayMs = backoffDelayMs(attempts, backoff);
    await withTenant(db, { tenantId: msg.tenantId }, (trx) =>
      trx
        .updateTable('outbox')
        .set({
          attempts,
          status: dead ? 'dead' : 'pending',
          last_error: reason.slice(0, 200),
          locked_until: null,
          next_attempt_at: dead ? sql`now()` : sql`now() + ${delayMs} * interval '1 millisecond'`,
        })
        .where('id', '=', msg.id)
        .where('status', '=', 'pending')
        .execute(),
    );
    outboxDeliveries.inc({ kind: msg.kind, result: dead ? 'dead' : 'failed' });
    deps.logger?.warn({ outboxId: msg.id, kind: msg.kind, attempts, reason, dead, ...(internal ? { cause: internal } : {}) }, 'outbox delivery failed');
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> | null = null;
  const tick = async () => {
    let claimed = 0;
    try {
      current = runOnce();
      claimed = (await current) as number;
    } catch (error) {
      deps.logger?.error({ err: error }, 'outbox worker round failed');
    } finally {
      current = null;
    }
    // A full batch means more may be due: go on at once; otherwise wait for the next poll.
    if (!stopped) timer = setTimeout(tick, claimed >= settings.batchSize ? 0 : pollMs);
  };
  timer = setTimeout(tick, pollMs);

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current?.catch(() => {});
      if (outboxMetricsSource() === db) setOutboxMetricsSource(null);
    },
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function messageOf(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    payload: row.payload,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  };
}
