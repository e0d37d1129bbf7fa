import { api } from '../api/client';
import { useAsync } from '../app/useAsync';

export interface WeekCount {
  weekStart: string;
  count: number;
}

export interface ProcessingTime {
  serviceId: string;
  name: string;
  medianDays: number;
  decidedCount: number;
}

/** GET /api/stats/dashboard: every figure of the dashboard from one call. */
export interface DashboardData {
  byStatus: Partial<Record<string, number>>;
  total: number;
  newThisWeek: number;
  overdueFollowUps: number;
  medianProcessingDaysByService: ProcessingTime[];
  incomingPerWeek: WeekCount[];
  /** When the cached figures (all but byStatus and total) were computed. */
  figuresAsOf: string;
  figuresMaxAgeSeconds: number;
}

export function useDashboardData() {
  return useAsync<DashboardData>((signal) => api<DashboardData>('/api/stats/dashboard', { signal }), []);
}
