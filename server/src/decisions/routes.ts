import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from '../cases/viewer.js';
import { sendOwnPdf } from '../http/downloads.js';
import { recordAccess } from '../records/access-log.js';
import { AppError } from '../shared/errors.js';
import { SubmissionBudget } from '../intake/attachments.js';
import { intakeLimits } from '../intake/limits.js';
import { readMultipart } from '../intake/multipart.js';
import { presentDecision, presentTemplate } from './presenter.js';
import { CaseDecisions, CaseParams, Decision, DecisionParams, EditTextBody, NewDecisionBody, SendBody } from './schemas.js';
import { decisionsOfCase, draftFromGenerator, draftFromTemplate, draftFromUpload, editDraftText } from './service.js';
import { previewDecision, releaseDecision, sendDecision, submitForRelease } from './workflow.js';
import type { DecisionKind } from './templates.service.js';
import { decisionAdminRoutes } from './admin.routes.js';

const tags = ['Bescheide'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

const UploadBody = Type.Unsafe<unknown>({
  description: 'Teil „file“: der Bescheid als PDF; Teil „kind“: approval oder rejection.',
});

function kindOf(raw: string | undefined): DecisionKind {
  if (raw === 'approval' || raw === 'rejection') return raw;
  throw new AppError('validation_failed', { field: 'kind', detail: 'Bitte geben Sie die Art des Bescheids („kind“) an: approval (Bewilligung) oder rejection (Ablehnung).' });
}

async function decisionWorkflowRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, blobs } = deps;
  const limits = intakeLimits(deps.config);
  await app.register(multipart, { limits: { parts: 4, files: 4 } });

  app.get('/cases/:id/decisions', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: { tags, security, summary: 'Bescheide eines Vorgangs, passende Vorlagen und Einstellungen der Leistung', params: CaseParams, response: { 200: CaseDecisions } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const result = await decisionsOfCase(db, viewer, request.params.id);
    return { ...result, items: result.items.map((d) => presentDecision(d, viewer)), templates: result.templates.map(presentTemplate) };
  });

  app.post('/cases/:id/decisions', {
    config: { permission: 'decision.write', fachverfahren: true },
    schema: {
      tags, security, summary: 'Bescheid entwerfen: aus einer Vorlage, vom Dokumentengenerator oder als hochgeladenes PDF',
      params: CaseParams,
      body: { content: { 'application/json': { schema: NewDecisionBody }, 'multipart/form-data': { schema: UploadBody } } } as never,
      response: { 201: Decision },
    },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    const caseId = request.params.id;
    let decision;
    if (request.isMultipart()) {
      const content = await readMultipart(request, blobs, new SubmissionBudget(limits, true), {
        dataParts: { kind: 'Art des Bescheids („kind“)' }, fileParts: { file: 'decision' },
      });
      const [file, ...more] = content.attachments;
      if (!file || more.length) throw new AppError('validation_failed', { field: 'file', detail: 'Bitte laden Sie genau eine PDF-Datei im Teil „file“ hoch.' });
      decision = await draftFromUpload(db, viewer, caseId, kindOf(content.data.get('kind')?.toString('utf8').trim()), file);
    } else {
      const body = request.body as NewDecisionBody;
      if (body.source === 'generator') {
        decision = await draftFromGenerator(db, blobs, deps.config.outbound, viewer, caseId, kindOf(body.kind));
      } else {
        if (!body.templateId) throw new AppError('validation_failed', { field: 'templateId', detail: 'Bitte wählen Sie eine Vorlage („templateId“).' });
        decision = await draftFromTemplate(db, viewer, caseId, body.templateId);
      }
    }
    return reply.status(201).send(presentDecision(decision, viewer));
  });

  app.patch('/cases/:id/decisions/:decisionId', {
    config: { permission: 'decision.write', fachverfahren: true },
    schema: { tags, security, summary: 'Text eines Bescheid-Entwurfs ändern', params: DecisionParams, body: EditTextBody, response: { 200: Decision } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentDecision(await editDraftText(db, viewer, request.params.id, request.params.decisionId, request.body.text), viewer);
  });

  app.get('/cases/:id/decisions/:decisionId/preview', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: {
      tags, security, summary: 'Bescheid als PDF ansehen (Entwurf: Vorschau; freigegeben: das gespeicherte Dokument)',
      params: DecisionParams, response: { 200: Type.String({ format: 'binary', description: 'PDF' }) },
    },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    const { fileName, bytes } = await previewDecision(db, blobs, viewer, request.params.id, request.params.decisionId);
    recordAccess(db, viewer, { caseId: request.params.id, action: 'decision_previewed', objectId: request.params.decisionId });
    return sendOwnPdf(reply, fileName, bytes);
  });

  app.post('/cases/:id/decisions/:decisionId/submit', {
    config: { permission: 'decision.write', fachverfahren: true },
    schema: { tags, security, summary: 'Bescheid zur Freigabe vorlegen (Vier-Augen-Prinzip)', params: DecisionParams, response: { 200: Decision } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentDecision(await submitForRelease(db, viewer, request.params.id, request.params.decisionId), viewer);
  });

  app.post('/cases/:id/decisions/:decisionId/release', {
    config: { permission: 'decision.write' },
    schema: {
      tags, security, summary: 'Bescheid freigeben (bei Vier-Augen-Prinzip durch eine andere Person); erzeugt das PDF/A-Dokument',
      params: DecisionParams, response: { 200: Decision },
    },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentDecision(await releaseDecision(db, blobs, viewer, request.params.id, request.params.decisionId), viewer);
  });

  app.post('/cases/:id/decisions/:decisionId/send', {
    config: { permission: 'decision.write', fachverfahren: true },
    schema: {
      tags, security, summary: 'Bescheid auf dem Zustellweg des Vorgangs versenden (oder als Brief erstellen); der Vorgang wird „Beschieden“',
      params: DecisionParams, body: SendBody, response: { 200: Decision },
    },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentDecision(await sendDecision(db, blobs, viewer, request.params.id, request.params.decisionId, request.body), viewer);
  });
}

/** The decisions module under /api: case workflow (own multipart scope) and tenant administration. */
export async function decisionRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  await app.register(async (scoped) => decisionWorkflowRoutes(scoped as AppInstance, deps));
  await decisionAdminRoutes(app, deps);
}
