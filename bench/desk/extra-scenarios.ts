import type { Scenario } from './scenarios.js';
import type { TenantFixture } from './generate.js';
import { createDashboardCache, dashboardStats } from '../../server/src/stats/service.js';

/** Scenarios beyond the inbox: the dashboard statistics (one call, all figures). */
export function extraScenarios(_main: TenantFixture): Scenario[] {
  return [{ name: 'Dashboard statistics (GET /api/stats/dashboard)', path: '/api/stats/dashboard', run: (db, viewer) => dashboardStats(db, createDashboardCache(), viewer) }];
}
