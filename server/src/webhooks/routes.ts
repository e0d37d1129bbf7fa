import { requireTenantPrincipal } from '../auth/principal.js';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { presentDelivery, presentEndpoint } from './presenter.js';
import * as s from './schemas.js';
import * as service from './service.js';

const tags = ['Ereignisse'];

/**
 * The event catalogue for other software (decision 0025): the feed to catch up, webhook endpoints
 * with their circuit breaker, and the deliveries (dead letters with "erneut senden").
 */
export async function webhookRoutes(app: AppInstance, { db, config }: AppDeps): Promise<void> {
  app.get('/events', {
    config: { permission: 'events.read' },
    schema: {
      tags,
      summary: 'Ereignis-Feed: Ereignisse nach einem Cursor, lückenlos und in Reihenfolge (zum Aufholen nach einem Ausfall)',
      querystring: s.FeedQuery,
      response: { 200: s.FeedPage },
    },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return service.readFeed(db, principal.tenantId, Number(request.query.after), request.query.limit);
  });

  app.get('/admin/webhook-endpoints', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Webhook-Endpunkte mit Zustand des Schutzschalters auflisten', response: { 200: s.WebhookEndpointList } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return { items: (await service.listEndpoints(db, principal.tenantId)).map(presentEndpoint) };
  });

  app.post('/admin/webhook-endpoints', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Webhook-Endpunkt anlegen (der Signaturschlüssel wird einmalig zurückgegeben)', body: s.CreateEndpointBody, response: { 201: s.CreatedEndpoint } },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    const { endpoint, secret } = await service.createEndpoint(db, principal.tenantId, request.body, config.outbound);
    return reply.status(201).send({ ...presentEndpoint(endpoint), secret });
  });

  app.delete('/admin/webhook-endpoints/:id', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Webhook-Endpunkt löschen (wartende Zustellungen entfallen)', params: s.IdParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    const principal = requireTenantPrincipal(request.principal);
    await service.deleteEndpoint(db, principal.tenantId, request.params.id);
    return reply.status(204).send(null);
  });

  app.post('/admin/webhook-endpoints/:id/reset', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Schutzschalter schließen: wartende Zustellungen sofort erneut versuchen', params: s.IdParams, response: { 200: s.WebhookEndpoint } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return presentEndpoint(await service.resetBreaker(db, principal.tenantId, request.params.id));
  });

  app.get('/admin/webhook-deliveries', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Webhook-Zustellungen auflisten (z. B. unzustellbare: status=dead)', querystring: s.DeliveryQuery, response: { 200: s.WebhookDeliveryList } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    const page = await service.listDeliveries(db, principal.tenantId, request.query);
    return { items: page.items.map(presentDelivery), nextCursor: page.nextCursor };
  });

  app.post('/admin/webhook-deliveries/:id/resend', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Unzustellbare Webhook-Zustellung erneut senden', params: s.IdParams, response: { 200: s.WebhookDelivery } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return presentDelivery(await service.resendDelivery(db, principal.tenantId, request.params.id));
  });
}
