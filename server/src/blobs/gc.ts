import { sql } from 'kysely';
import type { Logger } from 'pino';
import { withPlatform, type Database } from '../db/database.js';
import { startClusterJob, type ClusterJob } from '../db/cluster-job.js';
import type { BlobStore } from './blob-store.js';

export const HOUR_MS = 60 * 60 * 1000;
export const DEFAULT_GRACE_MS = 24 * HOUR_MS;
export const DEFAULT_GC_INTERVAL_MS = HOUR_MS;

export interface GcResult {
  /** Blobs older than the grace period. */
  examined: number;
  /** … of which a row of some tenant (or a parked submission) still names. */
  referenced: number;
  deleted: number;
  /** Unreferenced, but written again since the listing (an upload of the same content is under way). */
  keptFresh: number;
  /** Temp files of interrupted uploads removed. */
  tempFilesRemoved: number;
}

export interface GcOptions {
  db: Database;
  blobs: BlobStore;
  /** Blobs younger than this are never touched: an upload may still be about to commit its row. */
  graceMs?: number;
  /** The collector's clock (tests pass a later moment instead of waiting a day). */
  now?: Date;
  /** Hashes looked up per database round trip. */
  batchSize?: number;
  /** Checked between batches: a shutdown does not wait for a full pass over a large store. */
  shouldStop?: () => boolean;
}

/** Which of these hashes some row of any tenant still names (definer function of migration 0011). */
export async function referencedAmong(db: Database, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const res = await withPlatform(db, (trx) =>
    sql<{ referenced_hash: string }>`select referenced_hash from blobs_referenced(${sql.val(hashes)}::text[])`.execute(trx),
  );
  return new Set(res.rows.map((r) => r.referenced_hash));
}

/**
 * Deletes blobs nothing refers to any more: orphans of rejected or interrupted submissions,
 * replaced logos. Order matters for the race with a concurrent upload of the same content:
 * list old blobs → ask the database → delete only if the blob is STILL old (put() renews the age,
 * and an upload writes its blob before it commits its row). See docs/decisions/0006-blob-garbage-collection.md.
 */
export async function collectGarbage(options: GcOptions): Promise<GcResult> {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  if (!Number.isFinite(graceMs) || graceMs < 0) throw new RangeError('graceMs must be a non-negative number');
  const cutoff = new Date((options.now ?? new Date()).getTime() - graceMs);
  const batchSize = options.batchSize ?? 500;
  const result: GcResult = { examined: 0, referenced: 0, deleted: 0, keptFresh: 0, tempFilesRemoved: 0 };
  result.tempFilesRemoved = await options.blobs.removeStaleTempFiles(cutoff);

  const sweep = async (batch: string[]) => {
    const referenced = await referencedAmong(options.db, batch);
    for (const sha256 of batch) {
      if (referenced.has(sha256)) {
        result.referenced++;
      } else if (await options.blobs.delete(sha256, { ifOlderThan: cutoff })) {
        result.deleted++;
      } else {
        result.keptFresh++;
      }
    }
  };
  let batch: string[] = [];
  for await (const blob of options.blobs.list(cutoff)) {
    result.examined++;
    batch.push(blob.sha256);
    if (batch.length < batchSize) continue;
    await sweep(batch);
    batch = [];
    if (options.shouldStop?.()) return result;
  }
  await sweep(batch);
  return result;
}

/** Grace period and interval from the environment (hours / minutes); invalid values fall back. */
export function blobGcSettings(env: NodeJS.ProcessEnv = process.env): { graceMs: number; intervalMs: number } {
  const grace = Number(env.AMTSDESK_BLOB_GC_GRACE_HOURS);
  const interval = Number(env.AMTSDESK_BLOB_GC_INTERVAL_MINUTES);
  return {
    graceMs: env.AMTSDESK_BLOB_GC_GRACE_HOURS && grace >= 1 ? grace * HOUR_MS : DEFAULT_GRACE_MS,
    intervalMs: env.AMTSDESK_BLOB_GC_INTERVAL_MINUTES && interval >= 1 ? interval * 60_000 : DEFAULT_GC_INTERVAL_MS,
  };
}

/** Collects garbage periodically, once per cluster (first run after one interval, decision 0028). */
export function startBlobGc(deps: { db: Database; blobs: BlobStore; logger?: Logger; graceMs?: number; intervalMs?: number }): ClusterJob {
  const intervalMs = deps.intervalMs ?? DEFAULT_GC_INTERVAL_MS;
  return startClusterJob({
    db: deps.db,
    name: 'blob-gc',
    intervalMs,
    firstRunMs: intervalMs,
    onError: (error) => deps.logger?.error({ err: error }, 'blob garbage collection failed'),
    run: async (run) => {
      const result = await collectGarbage({ db: deps.db, blobs: deps.blobs, graceMs: deps.graceMs, shouldStop: run.stopped });
      if (result.deleted > 0 || result.tempFilesRemoved > 0) deps.logger?.info({ blobGc: result }, 'blob garbage collected');
    },
  });
}
