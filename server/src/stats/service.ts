import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { countCasesByStatus } from '../cases/repository.js';
import type { Viewer } from '../cases/viewer.js';
import {
  countIncomingPerWeek, countNewThisWeek, countOverdueFollowUps, medianProcessingDays, type ProcessingTimeRow,
} from './repository.js';

export const DASHBOARD_WEEKS = 12;

export interface DashboardStats {
  byStatus: Record<string, number>;
  total: number;
  newThisWeek: number;
  overdueFollowUps: number;
  processingTimes: ProcessingTimeRow[];
  incomingPerWeek: Array<{ weekStart: string; count: number }>;
}

/** All dashboard figures in one transaction, so they describe the same moment. */
export async function dashboardStats(db: Database, viewer: Viewer): Promise<DashboardStats> {
  return withTenant(db, viewer, async (trx) => {
    const byStatus = await countCasesByStatus(trx, viewer, {});
    const newThisWeek = await countNewThisWeek(trx, viewer);
    const overdueFollowUps = await countOverdueFollowUps(trx, viewer);
    const processingTimes = await medianProcessingDays(trx, viewer);
    const incomingPerWeek = await countIncomingPerWeek(trx, viewer, DASHBOARD_WEEKS);
    const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
    return { byStatus, total, newThisWeek, overdueFollowUps, processingTimes, incomingPerWeek };
  });
}
