import { sql } from 'kysely';
import type { AppConfig } from '../config.js';
import type { Trx } from '../db/database.js';

/**
 * The circuit breaker of a webhook endpoint (decision 0025). Closed: every delivery is tried. After
 * `failures` consecutive failed deliveries it opens: nothing is sent to the endpoint, its messages
 * wait (pending, not counted as attempts) until the next probe. When the probe time has come, one
 * delivery claims the probe (half_open); success closes the breaker, failure opens it again with
 * twice the wait (at most an hour). A worker killed during a probe leaves half_open with a probe
 * time in the past: the next delivery probes again.
 */
export const BREAKER_DEFAULTS = { failures: 5, cooldownSeconds: 60, maxCooldownSeconds: 3600 };

export interface BreakerSettings { failures: number; cooldownSeconds: number }

export function breakerSettings(config: AppConfig): BreakerSettings {
  return {
    failures: config.webhooks?.breakerFailures ?? BREAKER_DEFAULTS.failures,
    cooldownSeconds: config.webhooks?.breakerCooldownSeconds ?? BREAKER_DEFAULTS.cooldownSeconds,
  };
}

/** Seconds to wait after the n-th consecutive failure once the breaker is open. */
export function probeDelaySeconds(consecutiveFailures: number, settings: BreakerSettings): number {
  const reopenings = Math.max(0, consecutiveFailures - settings.failures);
  return Math.min(BREAKER_DEFAULTS.maxCooldownSeconds, settings.cooldownSeconds * 2 ** Math.min(reopenings, 20));
}

export type Admission = { go: true; probe: boolean } | { go: false; until: Date };

/**
 * Whether a delivery to the endpoint may go now (row locked, so only one delivery claims a probe).
 * A probe that has not reported within one cooldown is presumed lost (its worker died): the next
 * delivery probes again.
 */
export async function admit(trx: Trx, endpoint: { id: string; breaker_state: string; next_probe_at: Date | null }, settings: BreakerSettings): Promise<Admission> {
  if (endpoint.breaker_state === 'closed') return { go: true, probe: false };
  const claimed = await trx.updateTable('webhook_endpoints')
    .set({ breaker_state: 'half_open', next_probe_at: sql`now() + ${settings.cooldownSeconds} * interval '1 second'` })
    .where('id', '=', endpoint.id)
    .where('breaker_state', 'in', ['open', 'half_open'])
    .where('next_probe_at', '<=', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
  if (claimed) return { go: true, probe: true };
  return { go: false, until: endpoint.next_probe_at ?? new Date(Date.now() + 60_000) };
}

export async function recordSuccess(trx: Trx, endpointId: string): Promise<void> {
  await trx.updateTable('webhook_endpoints')
    .set({ breaker_state: 'closed', consecutive_failures: 0, opened_at: null, next_probe_at: null, last_success_at: sql`now()` })
    .where('id', '=', endpointId)
    .execute();
}

export async function recordFailure(trx: Trx, endpointId: string, reason: string, settings: BreakerSettings): Promise<void> {
  const row = await trx.updateTable('webhook_endpoints')
    .set({ consecutive_failures: sql`consecutive_failures + 1`, last_failure: reason.slice(0, 200) })
    .where('id', '=', endpointId)
    .returning(['consecutive_failures', 'breaker_state'])
    .executeTakeFirst();
  if (!row || row.consecutive_failures < settings.failures) return;
  const delay = probeDelaySeconds(row.consecutive_failures, settings);
  await trx.updateTable('webhook_endpoints')
    .set({
      breaker_state: 'open',
      opened_at: sql`coalesce(opened_at, now())`,
      next_probe_at: sql`now() + ${delay} * interval '1 second'`,
    })
    .where('id', '=', endpointId)
    .execute();
}
