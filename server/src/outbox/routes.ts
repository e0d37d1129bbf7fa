import { requireOperator, requireTenantPrincipal } from '../auth/principal.js';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import * as service from './service.js';
import { presentDeadLetter, presentOutboxMessage, presentWebhook } from './presenter.js';
import * as s from './schemas.js';

const tags = ['Zustellung'];

export async function outboxRoutes(app: AppInstance, { db, config }: AppDeps): Promise<void> {
  app.get('/admin/webhooks', { config: { permission: 'tenant.admin' }, schema: { tags, summary: 'Webhook-Abonnements auflisten', response: { 200: s.WebhookList } } }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    const rows = await service.listWebhooks(db, principal.tenantId);
    return { items: rows.map(presentWebhook) };
  });

  app.post(
    '/admin/webhooks',
    { config: { permission: 'tenant.admin' },
      schema: {
        tags,
        summary: 'Webhook abonnieren (der Signaturschlüssel wird einmalig zurückgegeben)',
        body: s.CreateWebhookBody,
        response: { 201: s.CreatedWebhook },
      },
    },
    async (request, reply) => {
      const principal = requireTenantPrincipal(request.principal);
      const { webhook, secret } = await service.createWebhook(db, principal.tenantId, request.body, config.outbound);
      return reply.status(201).send({ ...presentWebhook(webhook), secret });
    },
  );

  app.delete(
    '/admin/webhooks/:id',
    { config: { permission: 'tenant.admin' }, schema: { tags, summary: 'Webhook-Abonnement löschen', params: s.IdParams, response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      const principal = requireTenantPrincipal(request.principal);
      await service.deleteWebhook(db, principal.tenantId, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/admin/outbox',
    { config: { permission: 'tenant.admin' }, schema: { tags, summary: 'Ausgehende Nachrichten und ihren Zustellstatus auflisten', querystring: s.OutboxQuery, response: { 200: s.OutboxList } } },
    async (request) => {
      const principal = requireTenantPrincipal(request.principal);
      const page = await service.listOutboxMessages(db, principal.tenantId, request.query);
      return { items: page.items.map(presentOutboxMessage), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/admin/outbox/:id/retry',
    { config: { permission: 'tenant.admin' }, schema: { tags, summary: 'Unzustellbare Nachricht erneut zustellen', params: s.IdParams, response: { 200: s.OutboxMessage } } },
    async (request) => {
      const principal = requireTenantPrincipal(request.principal);
      return presentOutboxMessage(await service.retryOutboxMessage(db, principal.tenantId, request.params.id));
    },
  );

  app.get(
    '/platform/outbox/dead-letters',
    { config: { permission: 'platform.operate' },
      schema: {
        tags,
        summary: 'Unzustellbare Nachrichten aller Kommunen (Betrieb, ohne Inhalte)',
        querystring: s.DeadLetterQuery,
        response: { 200: s.DeadLetterList },
      },
    },
    async (request) => {
      requireOperator(request.principal);
      const rows = await service.listDeadLettersOfAllTenants(db, request.query.limit);
      return { items: rows.map(presentDeadLetter) };
    },
  );
}
