import type { AppDeps, AppInstance } from '../http/app-types.js';
import { requireTenantPrincipal } from '../auth/principal.js';
import { viewerOf } from '../cases/viewer.js';
import { createDashboardCache, dashboardStats } from './service.js';
import { presentDashboard } from './presenter.js';
import { DashboardSchema } from './schemas.js';

const tags = ['Auswertung'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

export async function statsRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const cache = createDashboardCache();
  app.get('/stats/dashboard', {
    config: { permission: 'case.read' },
    schema: {
      tags, security, summary: 'Kennzahlen für die Übersicht (Status, Eingänge, Bearbeitungsdauer, Wiedervorlagen)',
      response: { 200: DashboardSchema },
    },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return presentDashboard(await dashboardStats(deps.db, cache, viewerOf(principal)));
  });
}
