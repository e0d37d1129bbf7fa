import { sql } from 'kysely';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireOperator } from '../auth/principal.js';
import { listOperatorActions, recordOperatorAction, type OperatorAction } from '../auth/operator-audit.js';
import { retryDeadLetterOfAnyTenant } from '../outbox/service.js';
import { listInstances, thisInstance } from '../ops/instances.js';
import * as s from './console-schemas.js';
import { presentAuditEntry, presentHealth, presentTenantActivity } from './console-presenter.js';
import { inviteLinkFor } from './presenter.js';
import { renewFirstAdminInvitation, tenantOverview } from './tenant-console.js';

const TAGS = ['Plattform'];
const security = [{ session: [] }];
const operate = { permission: 'platform.operate' } as const;

/**
 * What the operator console (/betrieb) needs beyond provisioning: tenants with activity and size,
 * renewing a first invitation, retrying dead letters, instances, and the operators' own audit.
 * Every answer is platform metadata: ids, names of tenants, counts, codes; never case content.
 */
export async function platformConsoleRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;

  app.get(
    '/platform/tenants/overview',
    { config: operate, schema: { tags: TAGS, summary: 'Kommunen mit Aktivität und Größe (seitenweise)', security, querystring: s.TenantOverviewQuery, response: { 200: s.TenantOverviewPage } } },
    async (request) => {
      requireOperator(request.principal);
      const page = await tenantOverview(db, request.query);
      return { items: page.items.map(presentTenantActivity), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/platform/tenants/:id/invitation',
    { config: operate, schema: { tags: TAGS, summary: 'Einladung der ersten Administration erneut ausstellen', security, params: s.IdParams, response: { 200: s.RenewedInvitation } } },
    async (request) => {
      const operator = requireOperator(request.principal);
      const renewed = await renewFirstAdminInvitation(db, request.params.id, actorOf(operator));
      await recordOperatorAction(db, { operator, action: 'tenant.invitation_renewed', tenantId: renewed.tenantId, subjectId: renewed.adminUserId });
      return { tenantId: renewed.tenantId, slug: renewed.slug, inviteLink: inviteLinkFor(config.publicUrl, renewed.inviteToken) };
    },
  );

  app.post(
    '/platform/outbox/dead-letters/:id/retry',
    { config: operate, schema: { tags: TAGS, summary: 'Unzustellbare Nachricht einer Kommune erneut zustellen', security, params: s.IdParams, response: { 200: s.RetriedDeadLetter } } },
    async (request) => {
      const operator = requireOperator(request.principal);
      const { tenantId, message } = await retryDeadLetterOfAnyTenant(db, request.params.id);
      await recordOperatorAction(db, { operator, action: 'dead_letter.retried', tenantId, subjectId: message.id, detail: { kind: message.kind } });
      return { id: message.id, tenantId, kind: message.kind, status: message.status, attempts: message.attempts };
    },
  );

  app.get(
    '/platform/instances',
    { config: operate, schema: { tags: TAGS, summary: 'Zustand und Version aller Instanzen', security, response: { 200: s.PlatformHealth } } },
    async (request) => {
      requireOperator(request.principal);
      const database = await sql`select 1`.execute(db.kysely).then(() => 'ok' as const, () => 'failed' as const);
      const rows = database === 'ok' ? await listInstances(db) : [];
      return presentHealth(rows, thisInstance('web'), database);
    },
  );

  app.get(
    '/platform/audit/actions',
    { config: operate, schema: { tags: TAGS, summary: 'Protokoll der Handlungen im Plattformbetrieb', security, querystring: s.OperatorAuditQuery, response: { 200: s.OperatorAuditPage } } },
    async (request) => {
      const operator = requireOperator(request.principal);
      const { mine, action, limit, before } = request.query;
      const page = await listOperatorActions(db, { operatorId: mine ? operator.operatorId : undefined, action: action as OperatorAction | undefined, limit, before });
      return { items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor };
    },
  );
}
