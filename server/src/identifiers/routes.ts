import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireOperator, requireTenantPrincipal, type Principal } from '../auth/principal.js';
import type { Permission } from '../auth/permissions/catalog.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { importIdentifiers } from './import.js';
import { presentIdentifier, presentList } from './presenter.js';
import { IdentifierList, IdentifierParams, ImportBody, ImportResultSchema, NewIdentifierBody, RoutingIdentifier, TenantIdentifierParams, TenantParams } from './schemas.js';
import type { Scheme } from './schemes.js';
import { addIdentifier, listIdentifiers, operatorScope, removeIdentifier, type IdentifierScope } from './service.js';

type ScopeOf = (principal: Principal | null | undefined, params: { tenantId?: string }) => Promise<IdentifierScope>;

/**
 * Routing identifiers (Zuständigkeit): the same four routes for a tenant's admins (/admin/…, their
 * own tenant) and for operators (/platform/tenants/:tenantId/…, any tenant).
 */
export async function identifierRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const ofAdmin: ScopeOf = async (principal) => ({ tenantId: requireTenantPrincipal(principal).tenantId, audience: 'tenant' });
  const ofOperator: ScopeOf = async (principal, params) => {
    requireOperator(principal);
    return operatorScope(deps.db, params.tenantId!);
  };
  register(app, deps, { prefix: '/admin/routing-identifiers', tags: ['Verwaltung'], permission: 'tenant.admin', scopeOf: ofAdmin, params: Type.Object({}), withId: IdentifierParams });
  register(app, deps, { prefix: '/platform/tenants/:tenantId/routing-identifiers', tags: ['Plattform'], permission: 'platform.operate', scopeOf: ofOperator, params: TenantParams, withId: TenantIdentifierParams });
}

function register(
  app: AppInstance,
  { db }: AppDeps,
  v: { prefix: string; tags: string[]; permission: Permission; scopeOf: ScopeOf; params: typeof TenantParams | ReturnType<typeof Type.Object>; withId: typeof IdentifierParams | typeof TenantIdentifierParams },
): void {
  const base = { tags: v.tags, security: SIGNED_IN };
  const config = { permission: v.permission };
  app.get(v.prefix, { config, schema: { ...base, params: v.params, summary: 'Zuständigkeitskennungen auflisten', response: { 200: IdentifierList } } }, async (request) => {
    const scope = await v.scopeOf(request.principal, request.params as { tenantId?: string });
    return presentList(await listIdentifiers(db, scope));
  });

  app.post(v.prefix, { config, schema: { ...base, params: v.params, summary: 'Zuständigkeitskennung eintragen', body: NewIdentifierBody, response: { 201: RoutingIdentifier } } }, async (request, reply) => {
    const scope = await v.scopeOf(request.principal, request.params as { tenantId?: string });
    return reply.status(201).send(presentIdentifier(await addIdentifier(db, scope, { ...request.body, scheme: request.body.scheme as Scheme }, actorOf(request.principal ?? null))));
  });

  app.delete(`${v.prefix}/:id`, { config, schema: { ...base, params: v.withId, summary: 'Zuständigkeitskennung löschen', response: { 204: Type.Null() } } }, async (request, reply) => {
    const params = request.params as { tenantId?: string; id: string };
    const scope = await v.scopeOf(request.principal, params);
    await removeIdentifier(db, scope, params.id, actorOf(request.principal ?? null));
    return reply.status(204).send(null);
  });

  app.post(
    `${v.prefix}/import`,
    {
      config,
      schema: {
        ...base,
        params: v.params,
        summary: 'Zuständigkeitskennungen aus CSV einlesen (alles oder nichts; dryRun: nur Vorschau)',
        body: ImportBody,
        response: { 200: ImportResultSchema, 201: ImportResultSchema },
      },
    },
    async (request, reply) => {
      const scope = await v.scopeOf(request.principal, request.params as { tenantId?: string });
      const result = await importIdentifiers(db, scope, request.body, actorOf(request.principal ?? null));
      return reply.status(request.body.dryRun ? 200 : 201).send(result);
    },
  );
}
