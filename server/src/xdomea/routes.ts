import type { AppDeps, AppInstance } from '../http/app-types.js';
import { SIGNED_IN } from '../auth/schemas.js';
import { caseViewer } from '../cases/viewer.js';
import { startHandover } from './handover.js';
import { startAussonderung, startTransfer } from './aussonderung.js';
import { caseHandovers, listProcesses, processDetail } from './processes.js';
import { presentProcess, presentProcessDetail, presentSettings, presentTarget } from './presenter.js';
import {
  CaseParams, CaseProcessList, HandoverBody, HandoverTargets, ProcessDetail, ProcessList, ProcessParams, Settings, SettingsBody, StartedProcess, Target, TargetBody, TargetList, TargetParams,
} from './schemas.js';
import { handoverTargets, listTargets, saveTarget, saveXdomeaSettings, xdomeaSettings } from './targets.js';

const tags = ['xdomea'];
const security = SIGNED_IN;

/** Hand-over of cases, the archive process overview, and the admin's targets (docs/xdomea.md). */
export async function xdomeaRoutes(app: AppInstance, { db, config }: AppDeps): Promise<void> {
  app.post('/cases/:caseId/xdomea/handover', {
    config: { permission: 'xdomea.handover' },
    schema: { tags, security, summary: 'Vorgang per xdomea abgeben (Abgabe 0401 an E-Akte oder Behörde)', params: CaseParams, body: HandoverBody, response: { 202: StartedProcess } },
  }, async (request, reply) => {
    const started = await startHandover(db, caseViewer(request), request.params.caseId, request.body);
    return reply.status(202).send({ id: started.processRowId, processId: started.processId });
  });

  app.get('/cases/:caseId/xdomea', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Abgaben und Aussonderungen dieses Vorgangs mit ihrem Stand und ihren Nachrichten', params: CaseParams, response: { 200: CaseProcessList } },
  }, async (request) => ({ items: (await caseHandovers(db, caseViewer(request), request.params.caseId)).map(presentProcessDetail) }));

  app.get('/xdomea/handover-targets', {
    config: { permission: 'xdomea.handover' },
    schema: { tags, security, summary: 'Ziele, an die Sachbearbeitende Vorgänge abgeben können (E-Akte/DMS, Behörden)', response: { 200: HandoverTargets } },
  }, async (request) => handoverTargets(db, caseViewer(request)));

  app.get('/xdomea/processes', {
    config: { permission: 'xdomea.archive' },
    schema: { tags, security, summary: 'xdomea-Verfahren der Kommune (Abgaben und Aussonderungen), neueste zuerst', response: { 200: ProcessList } },
  }, async (request) => ({ items: (await listProcesses(db, caseViewer(request))).map(presentProcess) }));

  app.get('/xdomea/processes/:processRowId', {
    config: { permission: 'xdomea.archive' },
    schema: { tags, security, summary: 'Ein xdomea-Verfahren mit Nachrichten und Stand je Vorgang', params: ProcessParams, response: { 200: ProcessDetail } },
  }, async (request) => presentProcessDetail(await processDetail(db, caseViewer(request), request.params.processRowId)));

  app.post('/xdomea/aussonderung', {
    config: { permission: 'xdomea.archive' },
    schema: { tags, security, summary: 'Wartende Vorgänge dem Archiv anbieten (Anbieteverzeichnis 0501)', response: { 202: StartedProcess } },
  }, async (request, reply) => {
    const started = await startAussonderung(db, caseViewer(request));
    return reply.status(202).send({ id: started.processRowId, processId: started.processId });
  });

  app.post('/xdomea/processes/:processRowId/transfer', {
    config: { permission: 'xdomea.archive' },
    schema: { tags, security, summary: 'Die zur Übernahme bewerteten Vorgänge an das Archiv übergeben (Aussonderung 0503)', params: ProcessParams, response: { 200: ProcessDetail } },
  }, async (request) => {
    const viewer = caseViewer(request);
    await startTransfer(db, viewer, request.params.processRowId);
    return presentProcessDetail(await processDetail(db, viewer, request.params.processRowId));
  });

  app.get('/xdomea/settings', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Behördenkennung der Kommune für xdomea', response: { 200: Settings } },
  }, async (request) => presentSettings(await xdomeaSettings(db, caseViewer(request))));

  app.put('/xdomea/settings', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Behördenkennung und Schreibschutz nach federführender Abgabe einstellen', body: SettingsBody, response: { 200: Settings } },
  }, async (request) => presentSettings(await saveXdomeaSettings(db, caseViewer(request), request.body)));

  app.get('/xdomea/targets', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Ziele für xdomea (E-Akte, Behörden, Archiv)', response: { 200: TargetList } },
  }, async (request) => ({ items: (await listTargets(db, caseViewer(request))).map(presentTarget) }));

  app.post('/xdomea/targets', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Ziel einrichten', body: TargetBody, response: { 201: Target } },
  }, async (request, reply) => reply.status(201).send(presentTarget(await saveTarget(db, config, caseViewer(request), request.body))));

  app.put('/xdomea/targets/:targetId', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Ziel ändern', params: TargetParams, body: TargetBody, response: { 200: Target } },
  }, async (request) => presentTarget(await saveTarget(db, config, caseViewer(request), request.body, request.params.targetId)));
}
