import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireTenantPrincipal } from '../auth/principal.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { StaffOidcMapping, StaffOidcMappingBody, StaffOidcSettings, StaffOidcSettingsBody } from '../auth/staff-oidc/schemas.js';
import { IdParams } from './schemas.js';
import { addMapping, getStaffOidc, listMappings, removeMapping, saveStaffOidc } from './staff-oidc.service.js';

const TAGS = ['Verwaltung'];
const admin = { permission: 'tenant.admin' } as const;

/** The tenant's identity provider for its staff and the mapping of its groups to roles and org units (decision 0033). */
export async function staffOidcAdminRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;

  app.get('/admin/oidc-provider', {
    config: admin, schema: { tags: TAGS, summary: 'Identitätsanbieter der Beschäftigten (OIDC)', security: SIGNED_IN, response: { 200: StaffOidcSettings } },
  }, async (request) => getStaffOidc(db, requireTenantPrincipal(request.principal).tenantId, config));

  app.put('/admin/oidc-provider', {
    config: admin,
    schema: { tags: TAGS, summary: 'Identitätsanbieter der Beschäftigten einrichten oder ändern', security: SIGNED_IN, body: StaffOidcSettingsBody, response: { 200: StaffOidcSettings } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return saveStaffOidc(db, principal.tenantId, request.body, actorOf(principal), config);
  });

  app.get('/admin/oidc-mappings', {
    config: admin,
    schema: { tags: TAGS, summary: 'Zuordnung von Gruppen zu Rollen und Organisationseinheiten', security: SIGNED_IN, response: { 200: Type.Object({ items: Type.Array(StaffOidcMapping) }) } },
  }, async (request) => ({ items: await listMappings(db, requireTenantPrincipal(request.principal).tenantId) }));

  app.post('/admin/oidc-mappings', {
    config: admin,
    schema: { tags: TAGS, summary: 'Gruppe einer Rolle oder Organisationseinheit zuordnen', security: SIGNED_IN, body: StaffOidcMappingBody, response: { 201: StaffOidcMapping } },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    return reply.status(201).send(await addMapping(db, principal.tenantId, request.body, actorOf(principal)));
  });

  app.delete('/admin/oidc-mappings/:id', {
    config: admin, schema: { tags: TAGS, summary: 'Zuordnung entfernen', security: SIGNED_IN, params: IdParams, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    await removeMapping(db, principal.tenantId, request.params.id, actorOf(principal));
    return reply.status(204).send(null);
  });
}
