import { join } from 'node:path';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { BlobStore } from '../../blobs/blob-store.js';
import { withPlatform, withTenant, type Database } from '../../db/database.js';
import { deleteRecords, finishPurge, PurgeBusy, removeFiles, startPurge, type Leftovers, type OrderRow, type PurgeStep } from './steps.js';
import { startClusterJob, type ClusterJob } from '../../db/cluster-job.js';

export const DEFAULT_BLOB_GRACE_MS = 10 * 60_000;
const LEASE_SECONDS = 120;
const BATCH = 10;
/** After this many failed attempts an order stops retrying: state failed, the error kept for the operator. */
export const MAX_ATTEMPTS = 10;

export interface PurgeWorkerDeps {
  db: Database;
  blobs: BlobStore;
  /** The data directory; the outbox's e-mail file sink writes to <dataDir>/mail. */
  dataDir: string;
  logger?: Logger;
  /** See StepDeps.blobGraceMs; default 10 minutes. */
  blobGraceMs?: number;
  /** How long a claimed order is reserved for this worker; another takes it over after (a crash). */
  leaseSeconds?: number;
  /** Called after each completed step (metrics, and the crash tests' stopping point). */
  afterStep?: (step: PurgeStep | 'done' | 'refused', order: { id: string; caseId: string }) => Promise<void> | void;
}

export interface PurgeRunResult { done: number; refused: number; retrying: number }

/** Performs every due purge order of every tenant once (leased, so several instances can run it). */
export async function runPurgeOrders(deps: PurgeWorkerDeps): Promise<PurgeRunResult> {
  const result: PurgeRunResult = { done: 0, refused: 0, retrying: 0 };
  for (;;) {
    const claimed = await withPlatform(deps.db, (trx) =>
      sql<{ id: string; tenant_id: string }>`select id, tenant_id from purge_orders_claim(${BATCH}, ${deps.leaseSeconds ?? LEASE_SECONDS})`.execute(trx),
    );
    for (const claim of claimed.rows) {
      try {
        const outcome = await runOrder(deps, claim.tenant_id, claim.id);
        if (outcome === 'done') result.done++;
        else if (outcome === 'refused') result.refused++;
      } catch (error) {
        result.retrying++;
        await recordFailure(deps, claim.tenant_id, claim.id, error);
      }
    }
    if (claimed.rows.length < BATCH) return result;
  }
}

async function loadOrder(db: Database, tenantId: string, orderId: string): Promise<OrderRow | undefined> {
  const row = await withTenant(db, { tenantId }, (trx) =>
    trx.selectFrom('purge_orders')
      .select(['id', 'tenant_id', 'case_id', 'list_id', 'reason', 'approved_by', 'state', 'step', 'attempts', 'leftovers'])
      .where('id', '=', orderId).executeTakeFirst(),
  );
  return row ? { ...row, leftovers: row.leftovers as Leftovers | null } : undefined;
}

/** Runs one order from wherever it stopped to its end. */
async function runOrder(deps: PurgeWorkerDeps, tenantId: string, orderId: string): Promise<'done' | 'refused' | 'skipped'> {
  const scope = { tenantId };
  for (;;) {
    const order = await loadOrder(deps.db, tenantId, orderId);
    if (!order || order.state === 'done' || order.state === 'failed') return 'skipped';
    const ref = { id: order.id, caseId: order.case_id };
    const now = new Date();
    if (order.step === null || order.step === 'started') {
      const step = await withTenant(deps.db, scope, (trx) => (order.step === null ? startPurge(trx, order) : deleteRecords(trx, order, now)));
      await deps.afterStep?.(step, ref);
      if (step === 'refused') {
        deps.logger?.warn({ purgeOrder: order.id }, 'purge refused: case under legal hold or gone');
        return 'refused';
      }
    } else if (order.step === 'records_deleted') {
      await removeFiles({ db: deps.db, blobs: deps.blobs, mailDir: join(deps.dataDir, 'mail'), blobGraceMs: deps.blobGraceMs ?? DEFAULT_BLOB_GRACE_MS }, order.leftovers!, now);
      await withTenant(deps.db, scope, (trx) => trx.updateTable('purge_orders').set({ step: 'files_removed' }).where('id', '=', order.id).execute());
      await deps.afterStep?.('files_removed', ref);
    } else {
      await withTenant(deps.db, scope, (trx) => finishPurge(trx, order, order.leftovers!));
      await deps.afterStep?.('done', ref);
      deps.logger?.info({ purgeOrder: order.id }, 'case purged');
      return 'done';
    }
  }
}

/** A failed step is retried with growing pauses; after MAX_ATTEMPTS the order is failed for good. */
async function recordFailure(deps: PurgeWorkerDeps, tenantId: string, orderId: string, error: unknown): Promise<void> {
  // Only the error's class and code go to the log and the order: messages can quote row content.
  const code = error instanceof PurgeBusy ? 'busy' : (error as { code?: unknown }).code ?? (error as Error).name ?? 'error';
  deps.logger?.error({ purgeOrder: orderId, code }, 'purge step failed');
  await withTenant(deps.db, { tenantId }, async (trx) => {
    const row = await trx.selectFrom('purge_orders').select('attempts').where('id', '=', orderId).executeTakeFirst();
    const attempts = (row?.attempts ?? 0) + (error instanceof PurgeBusy ? 0 : 1);
    const pauseSeconds = Math.min(3600, 15 * 2 ** Math.min(attempts, 8));
    await trx.updateTable('purge_orders').set({
      attempts, last_error: String(code).slice(0, 200),
      ...(attempts >= MAX_ATTEMPTS ? { state: 'failed', locked_until: null } : { locked_until: new Date(Date.now() + pauseSeconds * 1000) }),
    }).where('id', '=', orderId).execute();
  }).catch(() => {});
}

/** Runs the purge worker periodically inside the server process (AMTSDESK_PURGE_INTERVAL_SECONDS). */
export function startPurgeWorker(deps: PurgeWorkerDeps & { intervalMs: number }): ClusterJob {
  return startClusterJob({
    db: deps.db,
    name: 'purge-worker',
    intervalMs: deps.intervalMs,
    firstRunMs: deps.intervalMs,
    onError: (error) => deps.logger?.error({ err: error }, 'purge worker failed'),
    run: async () => {
      const r = await runPurgeOrders(deps);
      if (r.done + r.refused > 0) deps.logger?.info({ purge: r }, 'purge orders performed');
    },
  });
}
