import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import { withPlatform, type Database } from '../db/database.js';
import { startClusterJob, type ClusterJob } from '../db/cluster-job.js';
import { uuidv7 } from '../shared/ids.js';
import type { SigningKey } from './checkpoint-key.js';
import { serializeCheckpoint, signCheckpoint } from './checkpoint-statement.js';
import { publishPendingCheckpoints, type PublishResult } from './checkpoint-publish.js';

export interface CheckpointRunResult {
  /** 'recent': another run (maybe another instance) took one within the interval; 'busy': one is running now. */
  skipped?: 'recent' | 'busy';
  /** Tenants whose head moved and got a new signed checkpoint. */
  created: number;
  /**
   * Tenants whose chain no longer contains their latest checkpoint (shortened or rewritten): no new
   * checkpoint is signed for them, so the installation never certifies a rewritten history.
   */
  refused: string[];
}

interface DueHead {
  tenant_id: string;
  last_seq: string | number;
  last_hash: string;
  checkpoint_seq: string | number | null;
  checkpoint_hash: string | null;
  hash_at_checkpoint: string | null;
}

// One lock for the whole installation; every instance runs the job, at most one at a time.
const LOCK = sql`hashtext('amtsdesk:audit-checkpoint')`;

/**
 * Signs a checkpoint for every tenant whose chain head moved since its latest checkpoint. With
 * minIntervalMs, skips when the installation's newest checkpoint is younger (the periodic run: at
 * most one per interval however many instances run the job). Heads are read and checkpoints written
 * in one transaction under an advisory lock, so two runs never interleave.
 */
export async function takeCheckpoints(
  db: Database,
  options: { key: SigningKey; installation: string; minIntervalMs?: number; wait?: boolean; now?: () => Date },
): Promise<CheckpointRunResult> {
  const now = options.now ?? (() => new Date());
  return withPlatform(db, async (trx) => {
    if (options.wait) {
      await sql`select pg_advisory_xact_lock(${LOCK})`.execute(trx);
    } else {
      const got = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${LOCK}) as locked`.execute(trx);
      if (!got.rows[0]?.locked) return { skipped: 'busy', created: 0, refused: [] };
    }
    if (options.minIntervalMs) {
      const latest = await sql<{ at: Date | null }>`select audit_checkpoint_latest_at() as at`.execute(trx);
      const at = latest.rows[0]?.at;
      if (at && now().getTime() - new Date(at).getTime() < options.minIntervalMs) return { skipped: 'recent', created: 0, refused: [] };
    }
    const due = (await sql<DueHead>`select * from audit_checkpoint_due()`.execute(trx)).rows;
    const refused: string[] = [];
    const rows = [];
    const createdAt = now().toISOString();
    for (const head of due) {
      if (head.checkpoint_seq !== null && (Number(head.last_seq) < Number(head.checkpoint_seq) || head.hash_at_checkpoint !== head.checkpoint_hash)) {
        refused.push(head.tenant_id);
        continue;
      }
      const statement = signCheckpoint(
        { id: uuidv7(), installation: options.installation, tenantId: head.tenant_id, seq: Number(head.last_seq), hash: head.last_hash, createdAt },
        options.key,
      );
      rows.push({
        id: statement.id,
        tenant_id: statement.tenantId,
        seq: statement.seq,
        head_hash: statement.hash,
        created_at: createdAt,
        key_fingerprint: statement.key.fingerprint,
        statement: serializeCheckpoint(statement),
      });
    }
    if (rows.length > 0) await sql`select audit_checkpoints_record(${JSON.stringify(rows)}::jsonb)`.execute(trx);
    return { created: rows.length, refused };
  });
}

export interface CheckpointTick {
  run: CheckpointRunResult;
  published: PublishResult;
}

/** One periodic step: checkpoint if due, then publish whatever is not yet published (also earlier failures). */
export async function checkpointTick(db: Database, config: AppConfig, key: SigningKey, minIntervalMs: number): Promise<CheckpointTick> {
  const run = await takeCheckpoints(db, { key, installation: config.publicUrl, minIntervalMs });
  const published = await publishPendingCheckpoints(db, config.audit);
  return { run, published };
}

/**
 * Runs checkpoints shortly after start, then every interval, once per cluster (job lease, decision
 * 0028); the gate in takeCheckpoints stays as a second guard for runs from the CLI.
 */
export function startCheckpointJob(deps: { db: Database; config: AppConfig; key: SigningKey; logger?: Logger; firstRunMs?: number }): ClusterJob {
  const intervalMs = deps.config.audit.checkpointIntervalMinutes * 60_000;
  if (intervalMs <= 0) return { stop: async () => {} };
  return startClusterJob({
    db: deps.db,
    name: 'audit-checkpoint',
    intervalMs,
    firstRunMs: deps.firstRunMs ?? 10_000,
    onError: (error) => deps.logger?.error({ err: error }, 'audit checkpoint failed'),
    run: async () => {
      // 90 %: a timer that fires a little early must not skip a whole interval.
      const { run, published } = await checkpointTick(deps.db, deps.config, deps.key, intervalMs * 0.9);
      if (run.refused.length > 0) {
        deps.logger?.error({ tenantIds: run.refused }, 'audit checkpoint refused: chain no longer contains its latest checkpoint (run amtsdesk audit verify)');
      }
      if (run.created > 0) deps.logger?.info({ checkpoints: run.created, published }, 'audit checkpoints signed');
      if (published.failed.length > 0) deps.logger?.warn({ failed: published.failed }, 'audit checkpoint publishing failed; retried next run');
    },
  });
}
