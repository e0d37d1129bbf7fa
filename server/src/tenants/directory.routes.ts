import type { AppDeps, AppInstance } from '../http/app-types.js';
import { requireTenantPrincipal } from '../auth/principal.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { Colleagues, OrgUnitDirectory, ServiceDirectory } from './schemas.js';
import { listColleagues } from './users.service.js';
import { listOrgUnits } from './org-units.service.js';
import { listServices } from './services.service.js';

const TAGS = ['Verzeichnis'];

/** Read-only lists for everyone who may read cases: assignee picker and filters. */
export async function directoryRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get(
    '/users',
    { config: { permission: 'case.read' }, schema: { tags: TAGS, summary: 'Aktive Kolleginnen und Kollegen (für die Zuweisung)', security: SIGNED_IN, response: { 200: Colleagues } } },
    async (request) => {
      const principal = requireTenantPrincipal(request.principal);
      return { items: await listColleagues(db, principal.tenantId) };
    },
  );

  app.get(
    '/org-units',
    { config: { permission: 'case.read' }, schema: { tags: TAGS, summary: 'Organisationseinheiten (für Filter)', security: SIGNED_IN, response: { 200: OrgUnitDirectory } } },
    async (request) => {
      const principal = requireTenantPrincipal(request.principal);
      const rows = await listOrgUnits(db, principal.tenantId);
      return { items: rows.map((r) => ({ id: r.id, name: r.name, shortCode: r.short_code })) };
    },
  );

  app.get(
    '/services',
    { config: { permission: 'case.read' }, schema: { tags: TAGS, summary: 'Leistungen (für Filter)', security: SIGNED_IN, response: { 200: ServiceDirectory } } },
    async (request) => {
      const principal = requireTenantPrincipal(request.principal);
      const rows = await listServices(db, principal.tenantId);
      return { items: rows.map((r) => ({ id: r.id, name: r.name, leikaKey: r.leika_key, orgUnitId: r.org_unit_id })) };
    },
  );
}
