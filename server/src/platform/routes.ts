import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireOperator } from '../auth/principal.js';
import { listTenants, provisionTenant } from '../tenants/provision.js';
import { NewTenantBody, ProvisionedTenant, TenantList } from './schemas.js';
import { presentProvisioned, presentTenant } from './presenter.js';
import { platformAuditRoutes } from './audit-routes.js';
import { platformConsoleRoutes } from './console-routes.js';
import { recordOperatorAction } from '../auth/operator-audit.js';

const TAGS = ['Plattform'];
const security = [{ session: [] }];

/**
 * Platform operation (the state data centre): provisioning and listing tenants. Operators see the
 * tenant directory, never a tenant's cases; tenant users are refused here.
 */
export async function platformRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  await platformAuditRoutes(app, deps);
  await platformConsoleRoutes(app, deps);
  app.post(
    '/platform/tenants',
    { config: { permission: 'platform.operate' },
      schema: {
        tags: TAGS,
        summary: 'Kommune anlegen (mit erster Administration)',
        security,
        body: NewTenantBody,
        response: { 201: ProvisionedTenant },
      },
    },
    async (request, reply) => {
      const operator = requireOperator(request.principal);
      const result = await provisionTenant(deps.db, request.body, actorOf(operator));
      await recordOperatorAction(deps.db, { operator, action: 'tenant.provisioned', tenantId: result.tenantId, subjectId: result.adminUserId, detail: { slug: result.slug, ags: request.body.ags } });
      return reply.status(201).send(presentProvisioned(result, deps.config.publicUrl));
    },
  );

  app.get(
    '/platform/tenants',
    { config: { permission: 'platform.operate' }, schema: { tags: TAGS, summary: 'Alle Kommunen der Plattform', security, response: { 200: TenantList } } },
    async (request) => {
      requireOperator(request.principal);
      const rows = await listTenants(deps.db);
      return { items: rows.map(presentTenant) };
    },
  );
}
