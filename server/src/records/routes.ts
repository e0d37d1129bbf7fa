import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { actorOf, requireTenantPrincipal } from '../auth/principal.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { caseViewer } from '../cases/viewer.js';
import { presentCaseRetention, presentRuleOverview } from './presenter.js';
import { AccessLogPage, AccessLogQuery, CaseParams, CaseRetentionSchema, HoldCreated, HoldParams, ReasonBody, RuleBody, RuleOverviewSchema, ServiceParams } from './schemas.js';
import { accessLogOf, queryAccessLog } from './access-log.js';
import { subjectRightsRoutes } from './subject-rights/routes.js';
import { caseRetention, putRule, releaseLegalHold, removeServiceRule, ruleOverview, setLegalHold } from './service.js';

const tags = ['Aufbewahrung'];
const security = SIGNED_IN;

/**
 * Records management: retention rules (tenant admins), the retention of a case (everyone who may
 * read the case), legal holds (the records-management role only; admins do not get it by default).
 */
export async function recordsRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;
  // Data-subject rights (Art. 15–17) live in their own module; registered here to keep app.ts untouched.
  await subjectRightsRoutes(app, deps);
  const accessLog = accessLogOf(db, (error) => app.log.error({ err: error }, 'access log write failed'));
  // Reads recorded until the very end are written before the database closes.
  app.addHook('onClose', async () => accessLog.flush());

  app.get('/admin/retention-rules', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Aufbewahrungsregeln: Vorgabe der Kommune und Regeln je Leistung', response: { 200: RuleOverviewSchema } },
  }, async (request) => presentRuleOverview(await ruleOverview(db, requireTenantPrincipal(request.principal).tenantId)));

  app.put('/admin/retention-rules/default', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Vorgabe der Kommune setzen (gilt für Leistungen ohne eigene Regel)', body: RuleBody, response: { 200: RuleOverviewSchema } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    await putRule(db, principal.tenantId, null, request.body, actorOf(principal));
    return presentRuleOverview(await ruleOverview(db, principal.tenantId));
  });

  app.put('/admin/retention-rules/services/:serviceId', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Aufbewahrungsregel einer Leistung setzen', params: ServiceParams, body: RuleBody, response: { 200: RuleOverviewSchema } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    await putRule(db, principal.tenantId, request.params.serviceId, request.body, actorOf(principal));
    return presentRuleOverview(await ruleOverview(db, principal.tenantId));
  });

  app.delete('/admin/retention-rules/services/:serviceId', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Eigene Regel einer Leistung entfernen (es gilt wieder die Vorgabe)', params: ServiceParams, response: { 200: RuleOverviewSchema } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    await removeServiceRule(db, principal.tenantId, request.params.serviceId, actorOf(principal));
    return presentRuleOverview(await ruleOverview(db, principal.tenantId));
  });

  app.get('/cases/:id/retention', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Aufbewahrung eines Vorgangs: Regel, Fälligkeit, Sperren', params: CaseParams, response: { 200: CaseRetentionSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const { retention, holds } = await caseRetention(db, viewer, request.params.id);
    return presentCaseRetention(retention, holds, viewer.permissions.has('records.hold'));
  });

  app.post('/cases/:id/legal-holds', {
    config: { permission: 'records.hold' },
    schema: { tags, security, summary: 'Aufbewahrungssperre setzen (Schriftgutverwaltung)', params: CaseParams, body: ReasonBody, response: { 201: HoldCreated } },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    return reply.code(201).send(await setLegalHold(db, viewer, request.params.id, request.body.reason));
  });

  app.post('/cases/:id/legal-holds/:holdId/release', {
    config: { permission: 'records.hold' },
    schema: { tags, security, summary: 'Aufbewahrungssperre aufheben (Schriftgutverwaltung)', params: HoldParams, body: ReasonBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    await releaseLegalHold(db, viewer, request.params.id, request.params.holdId, request.body.reason);
    return reply.code(204).send(null);
  });

  app.get('/access-log', {
    config: { permission: 'accesslog.read' },
    schema: {
      tags, security, summary: 'Zugriffsprotokoll: wer wann welchen Vorgang gelesen hat (Verwaltung und Datenschutz)',
      querystring: AccessLogQuery, response: { 200: AccessLogPage },
    },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    const limit = request.query.limit ?? 100;
    const { items, actors } = await queryAccessLog(db, principal.tenantId, { ...request.query, limit });
    return {
      items: items.map((r) => ({
        id: String(r.id), at: new Date(r.at).toISOString(), actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
        caseId: r.case_id, caseNumber: r.case_number, action: r.action, objectId: r.object_id,
        ...(r.legal_basis ? { legalBasis: r.legal_basis, purpose: r.purpose ?? '' } : {}),
      })),
      actors,
      nextBefore: items.length === limit ? String(items.at(-1)!.id) : null,
    };
  });
}
