import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { UUID_PATTERN } from '../shared/ids.js';
import { ScopeSchema, SIGNED_IN } from './schemas.js';
import { SCOPES, actorOf, requireTenantPrincipal } from './principal.js';
import { createApiTokenAsAdmin, listApiTokens, revokeApiToken } from './api-token.service.js';

const TAGS = ['Verwaltung'];
const security = SIGNED_IN;
const Scope = ScopeSchema;
const ApiTokenView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  scopes: Type.Array(Scope),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const NewApiToken = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Wofür der Schlüssel gedacht ist, z. B. „Formularserver“' }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: SCOPES.length }),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) });

/** API keys for machine clients (form servers, specialised procedures), managed by the tenant's admin. */
export async function apiTokenRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get(
    '/admin/api-tokens',
    { config: { permission: 'tenant.admin' }, schema: { tags: TAGS, summary: 'API-Schlüssel auflisten (ohne Geheimnis)', security, response: { 200: Type.Object({ items: Type.Array(ApiTokenView) }) } } },
    async (request) => {
      const principal = requireTenantPrincipal(request.principal);
      return { items: await listApiTokens(db, principal.tenantId) };
    },
  );

  app.post(
    '/admin/api-tokens',
    { config: { permission: 'tenant.admin' },
      schema: {
        tags: TAGS,
        summary: 'API-Schlüssel anlegen (der Schlüssel wird nur dieses eine Mal angezeigt)',
        security,
        body: NewApiToken,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }), token: Type.String() }) },
      },
    },
    async (request, reply) => {
      const principal = requireTenantPrincipal(request.principal);
      const created = await createApiTokenAsAdmin(db, principal.tenantId, request.body, actorOf(principal));
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/admin/api-tokens/:id',
    { config: { permission: 'tenant.admin' }, schema: { tags: TAGS, summary: 'API-Schlüssel widerrufen', security, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const principal = requireTenantPrincipal(request.principal);
      await revokeApiToken(db, principal.tenantId, request.params.id, actorOf(principal));
      return reply.status(204).send(null);
    },
  );
}
