import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { actorOf, requireTenantPrincipal } from '../auth/principal.js';
import { ClientBody, ClientParams, ClientView, ClientWithSecret, RoutingBody, RoutingView, ServiceParams } from './schemas.js';
import { listClients, listRouting, registerClient, revokeClient, rotateSecret, setServiceRouting, updateClient } from './service.js';
import { presentClient, presentRouting } from './presenter.js';

const tags = ['Verwaltung', 'Fachverfahren'];
const security = SIGNED_IN;

/** Registering Fachverfahren and choosing where new cases of a service go (tenant admin). */
export async function clientAdminRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;

  app.get('/admin/fachverfahren', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Registrierte Fachverfahren auflisten (ohne Geheimnis) / List registered procedures', response: { 200: Type.Object({ items: Type.Array(ClientView) }) } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return { items: (await listClients(db, principal.tenantId)).map(presentClient) };
  });

  app.post('/admin/fachverfahren', {
    config: { permission: 'tenant.admin' },
    schema: {
      tags, security, body: ClientBody, response: { 201: ClientWithSecret },
      summary: 'Fachverfahren registrieren; das Geheimnis wird nur dieses eine Mal angezeigt / Register a procedure (secret shown once)',
    },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    const created = await registerClient(db, config, principal.tenantId, request.body, actorOf(principal));
    return reply.status(201).send({ client: presentClient(created.row), clientSecret: created.clientSecret });
  });

  app.put('/admin/fachverfahren/:id', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, params: ClientParams, body: ClientBody, response: { 200: ClientView }, summary: 'Fachverfahren ändern / Edit a procedure' },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return presentClient(await updateClient(db, config, principal.tenantId, request.params.id, request.body, actorOf(principal)));
  });

  app.post('/admin/fachverfahren/:id/secret', {
    config: { permission: 'tenant.admin' },
    schema: {
      tags, security, params: ClientParams, response: { 200: ClientWithSecret },
      summary: 'Neues Geheimnis ausstellen; das alte und alle Zugriffstoken werden sofort ungültig / Rotate the secret',
    },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    const rotated = await rotateSecret(db, principal.tenantId, request.params.id, actorOf(principal));
    return { client: presentClient(rotated.row), clientSecret: rotated.clientSecret };
  });

  app.delete('/admin/fachverfahren/:id', {
    config: { permission: 'tenant.admin' },
    schema: {
      tags, security, params: ClientParams, response: { 204: Type.Null() },
      summary: 'Fachverfahren widerrufen: keine Token mehr, seine Vorgänge gehen an den Schreibtisch zurück / Revoke a procedure',
    },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    await revokeClient(db, principal.tenantId, request.params.id, actorOf(principal));
    return reply.status(204).send(null);
  });

  app.get('/admin/fachverfahren-routing', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Eingangsweg je Leistung / Where new cases of each service go', response: { 200: Type.Object({ items: Type.Array(RoutingView) }) } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return { items: (await listRouting(db, principal.tenantId)).map(presentRouting) };
  });

  app.put('/admin/fachverfahren-routing/:serviceId', {
    config: { permission: 'tenant.admin' },
    schema: {
      tags, security, params: ServiceParams, body: RoutingBody, response: { 200: RoutingView },
      summary: 'Eingangsweg einer Leistung wählen: Schreibtisch, Fachverfahren oder beide / Route new cases: desk, procedure or both',
    },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return presentRouting(await setServiceRouting(db, principal.tenantId, request.params.serviceId, request.body, actorOf(principal)));
  });
}
