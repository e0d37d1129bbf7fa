import type { Database } from '../db/database.js';
import type { Logger } from 'pino';
import { foldCaseCounts } from './counts.js';

/**
 * Folds the case counters' deltas every few seconds (migration 0034, decision 0014). Readers are
 * exact without it (they add the pending deltas); folding only keeps the deltas they add few.
 * Every instance runs it; the database lets one fold at a time and the others skip.
 */
export const COUNTER_FOLD_INTERVAL_MS = 5_000;

export function startCounterFold(deps: { db: Database; logger?: Logger; intervalMs?: number }): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const intervalMs = deps.intervalMs ?? COUNTER_FOLD_INTERVAL_MS;
  const tick = async () => {
    current = foldCaseCounts(deps.db).catch((error: unknown) => deps.logger?.error({ err: error }, 'case counter fold failed'));
    await current;
    current = null;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
