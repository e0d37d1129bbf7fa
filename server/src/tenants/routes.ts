import type { AppDeps, AppInstance } from '../http/app-types.js';
import { userAdminRoutes } from './users.routes.js';
import { orgUnitAdminRoutes } from './org-units.routes.js';
import { serviceAdminRoutes } from './services.routes.js';
import { directoryRoutes } from './directory.routes.js';
import { staffOidcAdminRoutes } from './staff-oidc.routes.js';

/** Tenant administration (admin:manage) and the read-only directory lists of a tenant. */
export async function tenantRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  await userAdminRoutes(app, deps);
  await orgUnitAdminRoutes(app, deps);
  await serviceAdminRoutes(app, deps);
  await directoryRoutes(app, deps);
  await staffOidcAdminRoutes(app, deps);
}
