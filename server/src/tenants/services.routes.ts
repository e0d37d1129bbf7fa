import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireTenantPrincipal } from '../auth/principal.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { AdminService, IdParams, NewServiceBody, UpdateServiceBody } from './schemas.js';
import { createService, listServices, updateService } from './services.service.js';
import { presentService } from './presenter.js';

const TAGS = ['Verwaltung'];

export async function serviceAdminRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get(
    '/admin/services',
    { config: { permission: 'tenant.admin' },
      schema: { tags: TAGS, summary: 'Leistungen und ihre Zuständigkeit auflisten', security: SIGNED_IN, response: { 200: Type.Object({ items: Type.Array(AdminService) }) } },
    },
    async (request) => {
      const admin = requireTenantPrincipal(request.principal);
      return { items: (await listServices(db, admin.tenantId)).map(presentService) };
    },
  );

  app.post(
    '/admin/services',
    { config: { permission: 'tenant.admin' },
      schema: { tags: TAGS, summary: 'Leistung anlegen (mit zuständiger Organisationseinheit)', security: SIGNED_IN, body: NewServiceBody, response: { 201: AdminService } },
    },
    async (request, reply) => {
      const admin = requireTenantPrincipal(request.principal);
      return reply.status(201).send(presentService(await createService(db, admin.tenantId, request.body, actorOf(admin))));
    },
  );

  app.patch(
    '/admin/services/:id',
    { config: { permission: 'tenant.admin' },
      schema: {
        tags: TAGS,
        summary: 'Leistung ändern (Name, LeiKa-Schlüssel, Zuständigkeit)',
        security: SIGNED_IN,
        params: IdParams,
        body: UpdateServiceBody,
        response: { 200: AdminService },
      },
    },
    async (request) => {
      const admin = requireTenantPrincipal(request.principal);
      return presentService(await updateService(db, admin.tenantId, request.params.id, request.body, actorOf(admin)));
    },
  );
}
