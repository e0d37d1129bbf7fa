import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { refreshTenantUsage } from './tenant-console.js';

/**
 * Measures storage per tenant for the operator console: once shortly after start, then every
 * `intervalMs` (hourly). Concurrent runs of several instances skip (advisory lock in the function).
 */
export function startTenantUsageJob(deps: { db: Database; logger?: Logger; intervalMs?: number; firstRunMs?: number }) {
  let current: Promise<unknown> | null = null;
  const run = () => {
    current = refreshTenantUsage(deps.db).catch((error: unknown) => deps.logger?.warn({ err: { message: (error as Error).message } }, 'tenant usage refresh failed'));
  };
  const first = setTimeout(run, deps.firstRunMs ?? 30_000);
  const timer = setInterval(run, deps.intervalMs ?? 3_600_000);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await current;
    },
  };
}
