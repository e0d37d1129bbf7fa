import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireTenantPrincipal } from '../auth/principal.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { IdParams, NewOrgUnitBody, OrgUnit, UpdateOrgUnitBody } from './schemas.js';
import { createOrgUnit, listOrgUnits, updateOrgUnit } from './org-units.service.js';
import { presentOrgUnit } from './presenter.js';

const TAGS = ['Verwaltung'];

export async function orgUnitAdminRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get(
    '/admin/org-units',
    { config: { permission: 'tenant.admin' }, schema: { tags: TAGS, summary: 'Organisationseinheiten auflisten', security: SIGNED_IN, response: { 200: Type.Object({ items: Type.Array(OrgUnit) }) } } },
    async (request) => {
      const admin = requireTenantPrincipal(request.principal);
      return { items: (await listOrgUnits(db, admin.tenantId)).map(presentOrgUnit) };
    },
  );

  app.post(
    '/admin/org-units',
    { config: { permission: 'tenant.admin' }, schema: { tags: TAGS, summary: 'Organisationseinheit anlegen', security: SIGNED_IN, body: NewOrgUnitBody, response: { 201: OrgUnit } } },
    async (request, reply) => {
      const admin = requireTenantPrincipal(request.principal);
      return reply.status(201).send(presentOrgUnit(await createOrgUnit(db, admin.tenantId, request.body, actorOf(admin))));
    },
  );

  app.patch(
    '/admin/org-units/:id',
    { config: { permission: 'tenant.admin' },
      schema: { tags: TAGS, summary: 'Organisationseinheit ändern', security: SIGNED_IN, params: IdParams, body: UpdateOrgUnitBody, response: { 200: OrgUnit } },
    },
    async (request) => {
      const admin = requireTenantPrincipal(request.principal);
      return presentOrgUnit(await updateOrgUnit(db, admin.tenantId, request.params.id, request.body, actorOf(admin)));
    },
  );
}
