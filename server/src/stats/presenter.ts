import { DASHBOARD_CACHE_SECONDS } from './cache.js';
import type { DashboardStats } from './service.js';

export function presentDashboard(stats: DashboardStats) {
  return {
    byStatus: stats.byStatus,
    total: stats.total,
    newThisWeek: stats.newThisWeek,
    overdueFollowUps: stats.overdueFollowUps,
    medianProcessingDaysByService: stats.processingTimes.map((r) => ({
      serviceId: r.service_id,
      name: r.name,
      medianDays: Math.round(Number(r.median_days) * 10) / 10,
      decidedCount: Number(r.decided_count),
    })),
    incomingPerWeek: stats.incomingPerWeek,
    figuresAsOf: stats.figuresAsOf.toISOString(),
    figuresMaxAgeSeconds: DASHBOARD_CACHE_SECONDS,
  };
}
