import type { Database } from '../db/database.js';
import type { Logger } from 'pino';
import { foldCaseCounts } from './counts.js';
import { startClusterJob, type ClusterJob } from '../db/cluster-job.js';

/**
 * Folds the case counters' deltas every few seconds (migration 0034, decision 0014). Readers are
 * exact without it (they add the pending deltas); folding only keeps the deltas they add few.
 * Runs once per cluster (job lease, decision 0028); the database also lets only one fold at a time.
 */
export const COUNTER_FOLD_INTERVAL_MS = 5_000;

export function startCounterFold(deps: { db: Database; logger?: Logger; intervalMs?: number }): ClusterJob {
  const intervalMs = deps.intervalMs ?? COUNTER_FOLD_INTERVAL_MS;
  return startClusterJob({
    db: deps.db,
    name: 'case-counter-fold',
    intervalMs,
    // A fold is short: a lease of a few intervals lets a killed instance's turn pass quickly.
    leaseMs: Math.max(intervalMs * 3, 15_000),
    onError: (error) => deps.logger?.error({ err: error }, 'case counter fold failed'),
    run: () => foldCaseCounts(deps.db),
  });
}
