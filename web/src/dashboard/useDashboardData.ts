import { api } from '../api/client';
import type { ApiResponse } from '../api/contract';
import { useAsync } from '../app/useAsync';

/** GET /api/stats/dashboard: every figure of the dashboard from one call. */
export type DashboardData = ApiResponse<'/api/stats/dashboard', 'get'>;
export type WeekCount = DashboardData['incomingPerWeek'][number];
export type ProcessingTime = DashboardData['medianProcessingDaysByService'][number];

export function useDashboardData() {
  return useAsync<DashboardData>((signal) => api<DashboardData>('/api/stats/dashboard', { signal }), []);
}
