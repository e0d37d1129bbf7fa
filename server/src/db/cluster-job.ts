import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Database } from './database.js';
import { jobLastSuccess, jobRunDuration, jobRuns } from './job-metrics.js';

/** This process among the cluster's instances (job leases name their holder with it). */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

const DEFAULT_LEASE_MS = 60_000;
/** How often an instance asks whether a job is due: a long interval is checked every minute. */
const MAX_CHECK_MS = 60_000;

export interface JobRun {
  /** True once the job is being stopped, or its lease was lost: a long run should end early. */
  stopped(): boolean;
}

export interface ClusterJobOptions {
  db: Database;
  /** Stable across versions: the lease row's key (migration 0052). */
  name: string;
  intervalMs: number;
  /** When this instance first asks (default: one interval, at most a minute). */
  firstRunMs?: number;
  /** How long an instance killed mid-run blocks the job (renewed while the run lasts). */
  leaseMs?: number;
  run(run: JobRun): Promise<unknown>;
  /** Called with a failed run's error (the run's own logging stays in the job). */
  onError?(error: unknown): void;
  /** Another holder for tests that play two instances in one process. */
  holder?: string;
}

export interface ClusterJob {
  stop(): Promise<void>;
}

/** Takes the job's lease when it is due; false when another instance holds it or ran it recently. */
export async function claimJobLease(db: Database, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const { rows } = await sql<{ taken: boolean | null }>`select job_lease_claim(${name}, ${holder}, ${Math.ceil(leaseMs / 1000)}::integer) as taken`.execute(db.kysely);
  return rows[0]?.taken === true;
}

async function renewJobLease(db: Database, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const { rows } = await sql<{ kept: boolean | null }>`select job_lease_renew(${name}, ${holder}, ${Math.ceil(leaseMs / 1000)}::integer) as kept`.execute(db.kysely);
  return rows[0]?.kept === true;
}

export async function releaseJobLease(db: Database, name: string, holder: string, intervalMs: number): Promise<void> {
  await sql`select job_lease_release(${name}, ${holder}, ${intervalMs}::double precision)`.execute(db.kysely);
}

/**
 * Runs a scheduled job once per cluster (decision 0028): every instance keeps a timer, but a run
 * starts only where the job's lease is taken, and only once it is due (one interval after the
 * last run started, on any instance). The lease is renewed while the run lasts; if the instance
 * dies, the lease runs out and the next instance takes the job over.
 */
export function startClusterJob(options: ClusterJobOptions): ClusterJob {
  const { db, name, intervalMs } = options;
  const holder = options.holder ?? INSTANCE_ID;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const checkMs = Math.min(intervalMs, MAX_CHECK_MS);
  let stopped = false;
  let leaseLost = false;
  let current: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const runLeased = async () => {
    if (!(await claimJobLease(db, name, holder, leaseMs))) return;
    leaseLost = false;
    const renew = setInterval(() => {
      renewJobLease(db, name, holder, leaseMs).then((kept) => { if (!kept) leaseLost = true; }, () => {});
    }, Math.max(leaseMs / 3, 10)).unref();
    const timer = jobRunDuration.startTimer({ job: name });
    try {
      await options.run({ stopped: () => stopped || leaseLost });
      jobRuns.inc({ job: name, outcome: 'ok' });
      jobLastSuccess.set({ job: name }, Date.now() / 1000);
    } catch (error) {
      jobRuns.inc({ job: name, outcome: 'failed' });
      throw error;
    } finally {
      timer();
      clearInterval(renew);
      await releaseJobLease(db, name, holder, intervalMs);
    }
  };

  const tick = async () => {
    current = runLeased().catch((error: unknown) => options.onError?.(error));
    await current;
    current = null;
    if (!stopped) timer = setTimeout(() => void tick(), checkMs).unref();
  };
  timer = setTimeout(() => void tick(), options.firstRunMs ?? checkMs).unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
