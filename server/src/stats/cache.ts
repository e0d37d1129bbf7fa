/**
 * A short-lived cache of dashboard figures per tenant and org-unit scope (issue #20): figures that
 * the counters cannot answer (processing times, weekly intake, overdue follow-ups) cost a scan of
 * the tenant's recent cases and history; a dashboard opened by 50 caseworkers of one town hall
 * computes them once a minute per scope instead of 50 times. Per server instance: another
 * instance may show figures of a different moment, both at most `ttlMs` old.
 */
export const DASHBOARD_CACHE_SECONDS = 60;

export class ScopeCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T>; refreshing?: boolean }>();

  constructor(private readonly ttlMs = DASHBOARD_CACHE_SECONDS * 1000, private readonly maxEntries = 5000) {}

  /**
   * The cached value of this tenant and scope, or a fresh one; concurrent callers share one computation.
   * Past half its time an entry is refreshed in the background while callers still get it (refresh
   * ahead): a scope asked for steadily never makes a caller wait for the computation (seconds at
   * 1,000,000 cases), and no answer is older than `ttlMs`.
   */
  async get(tenantId: string, orgUnitIds: string[], compute: () => Promise<T>, now = Date.now()): Promise<{ value: T; at: number }> {
    const key = `${tenantId}|${[...orgUnitIds].sort().join(',')}`;
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) {
      if (now - hit.at >= this.ttlMs / 2 && !hit.refreshing) this.refresh(key, hit, compute, now);
      return { value: await hit.value, at: hit.at };
    }
    const value = compute();
    this.entries.set(key, { at: now, value });
    // Oldest first (insertion order): a full cache forgets the scope asked about longest ago.
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    try {
      return { value: await value, at: now };
    } catch (error) {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
      throw error;
    }
  }

  /** Replaces the entry once the new value is there; a failed refresh keeps the old one until it expires. */
  private refresh(key: string, hit: { at: number; value: Promise<T>; refreshing?: boolean }, compute: () => Promise<T>, now: number) {
    hit.refreshing = true;
    compute().then(
      (value) => { if (this.entries.get(key) === hit) this.entries.set(key, { at: now, value: Promise.resolve(value) }); },
      () => { hit.refreshing = false; },
    );
  }
}
