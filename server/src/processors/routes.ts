import { requireTenantPrincipal } from '../auth/principal.js';
import { caseViewer } from '../cases/viewer.js';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { applySuggestion } from './apply.js';
import { presentProcessor, presentRun } from './presenter.js';
import * as s from './schemas.js';
import * as service from './service.js';

const tags = ['Prüfdienste'];

/** Processors (issue #17, item 4): the admin attaches them per service; the desk sees their results. */
export async function processorRoutes(app: AppInstance, { db, config }: AppDeps): Promise<void> {
  app.get('/admin/services/:serviceId/processors', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Prüfdienste einer Leistung auflisten', params: s.ServiceParams, response: { 200: s.ProcessorList } },
  }, async (request) => {
    const { tenantId } = requireTenantPrincipal(request.principal);
    return { items: (await service.listProcessors(db, tenantId, request.params.serviceId)).map(presentProcessor) };
  });

  app.post('/admin/services/:serviceId/processors', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Prüfdienst an eine Leistung anhängen (der Signaturschlüssel wird einmalig zurückgegeben)', params: s.ServiceParams, body: s.ProcessorBody, response: { 201: s.CreatedProcessor } },
  }, async (request, reply) => {
    const { tenantId } = requireTenantPrincipal(request.principal);
    const { processor, secret } = await service.createProcessor(db, tenantId, request.params.serviceId, request.body, config.outbound);
    return reply.status(201).send({ ...presentProcessor(processor), secret });
  });

  app.put('/admin/processors/:id', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Prüfdienst ändern', params: s.IdParams, body: s.ProcessorBody, response: { 200: s.Processor } },
  }, async (request) => {
    const { tenantId } = requireTenantPrincipal(request.principal);
    return presentProcessor(await service.updateProcessor(db, tenantId, request.params.id, request.body, config.outbound));
  });

  app.delete('/admin/processors/:id', {
    config: { permission: 'tenant.admin' },
    schema: { tags, summary: 'Prüfdienst entfernen (seine Ergebnisse an Vorgängen entfallen)', params: s.IdParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    const { tenantId } = requireTenantPrincipal(request.principal);
    await service.deleteProcessor(db, tenantId, request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/cases/:id/processor-runs', {
    config: { permission: 'case.read' },
    schema: { tags, summary: 'Ergebnisse der Prüfdienste eines Vorgangs (neueste zuerst, Prüfungen nach Schwere sortiert)', params: s.CaseParams, response: { 200: s.ProcessorRunList } },
  }, async (request) => ({ items: (await service.listRuns(db, caseViewer(request), request.params.id)).map(presentRun) }));

  app.post('/cases/:id/processor-runs', {
    config: { permission: 'case.transition' },
    schema: { tags, summary: 'Prüfdienste für diesen Vorgang (erneut) ausführen', params: s.CaseParams, body: s.StartRunsBody, response: { 202: s.StartedRuns } },
  }, async (request, reply) => {
    const runIds = await service.startManualRuns(db, caseViewer(request), request.params.id, request.body.processorId);
    return reply.status(202).send({ runIds });
  });

  app.post('/cases/:id/processor-runs/:runId/apply', {
    config: { permission: 'case.transition' },
    schema: { tags, summary: 'Vorschlag eines Prüfdienstes übernehmen (annehmen, weiterleiten; Nachfrage: als erledigt markieren)', params: s.RunParams, body: s.ApplyBody, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    await applySuggestion(db, caseViewer(request), request.params.id, request.params.runId, request.body.version);
    return reply.status(204).send(null);
  });

  app.post('/cases/:id/processor-runs/:runId/dismiss', {
    config: { permission: 'case.transition' },
    schema: { tags, summary: 'Vorschlag eines Prüfdienstes verwerfen', params: s.RunParams, response: { 204: { type: 'null' } } },
  }, async (request, reply) => {
    await service.dismissSuggestion(db, caseViewer(request), request.params.id, request.params.runId);
    return reply.status(204).send(null);
  });
}
