import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { counterCounts } from '../cases/counts.js';
import type { Viewer } from '../cases/viewer.js';
import { ScopeCache } from './cache.js';
import {
  countIncomingPerWeek, countNewThisWeek, countOverdueFollowUps, medianProcessingDays, type ProcessingTimeRow,
} from './repository.js';

export const DASHBOARD_WEEKS = 12;

/** Figures the counters cannot answer; computed together, cached per tenant and scope. */
export interface SlowFigures {
  newThisWeek: number;
  overdueFollowUps: number;
  processingTimes: ProcessingTimeRow[];
  incomingPerWeek: Array<{ weekStart: string; count: number }>;
}

export interface DashboardStats extends SlowFigures {
  byStatus: Record<string, number>;
  total: number;
  /** When the cached figures (everything but byStatus and total) were computed. */
  figuresAsOf: Date;
}

export type DashboardCache = ScopeCache<SlowFigures>;
export const createDashboardCache = (): DashboardCache => new ScopeCache<SlowFigures>();

/** The slow figures in one transaction, so they describe the same moment. */
function slowFigures(db: Database, viewer: Viewer): Promise<SlowFigures> {
  return withTenant(db, viewer, async (trx) => ({
    newThisWeek: await countNewThisWeek(trx, viewer),
    overdueFollowUps: await countOverdueFollowUps(trx, viewer),
    processingTimes: await medianProcessingDays(trx, viewer),
    incomingPerWeek: await countIncomingPerWeek(trx, viewer, DASHBOARD_WEEKS),
  }));
}

/**
 * Counts by status live from the counters (exact, costs a few counter rows); the other figures
 * from the cache, at most DASHBOARD_CACHE_SECONDS old (the dashboard says when they were taken).
 */
export async function dashboardStats(db: Database, cache: DashboardCache, viewer: Viewer): Promise<DashboardStats> {
  const [byStatus, slow] = await Promise.all([
    withTenant(db, viewer, (trx) => counterCounts(trx, viewer, {})),
    cache.get(viewer.tenantId, viewer.orgUnitIds, () => slowFigures(db, viewer)),
  ]);
  const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
  return { byStatus, total, ...slow.value, figuresAsOf: new Date(slow.at) };
}
