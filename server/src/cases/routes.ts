import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from './viewer.js';
import { getCaseDetail, listCaseEvents, listCasePage, openAttachmentContent } from './queries.js';
import { assignCase, transitionCase } from './changes.js';
import { countCases } from './counts.js';
import { presentCaseDetail, presentCaseSummary, presentEvent } from './presenter.js';
import { releaseOnlyWhenVerified } from './attachment-stream.js';
import { searchBudgetOf } from './search-budget.js';
import { sendUntrustedFile } from '../http/downloads.js';
import { recordAccess } from '../records/access-log.js';
import {
  AssigneeBodySchema, AttachmentParamsSchema, CaseDetailSchema, CaseListSchema, CaseParamsSchema, ContentQuerySchema,
  CountsQuerySchema, CountsSchema, EventListSchema, ListQuerySchema, TransitionBodySchema,
} from './schemas.js';

const tags = ['Vorgänge'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

/** Authenticate, then authorise: the viewer (tenant, org-unit scope, permissions) of the request. */

export async function caseRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;
  const searchBudget = searchBudgetOf(deps.config);

  app.get('/cases', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: { tags, security, summary: 'Vorgänge auflisten (Posteingang)', querystring: ListQuerySchema, response: { 200: CaseListSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const { sort = '-received_at', limit = 50, ...filters } = request.query;
    const page = await listCasePage(db, viewer, { ...filters, sort, limit }, searchBudget);
    return { items: page.rows.map(presentCaseSummary), nextCursor: page.nextCursor };
  });

  app.get('/cases/counts', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: { tags, security, summary: 'Anzahl der Vorgänge je Status (mit Suchtext oder Zeitraum genau bis 1.000, darüber „mehr als 1.000“)', querystring: CountsQuerySchema, response: { 200: CountsSchema } },
  }, async (request) => countCases(db, caseViewer(request), request.query, searchBudget));

  app.get('/cases/:id', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: { tags, security, summary: 'Einen Vorgang mit Formulardaten und Anlagen abrufen', params: CaseParamsSchema, response: { 200: CaseDetailSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const detail = await getCaseDetail(db, viewer, request.params.id);
    recordAccess(db, viewer, { caseId: detail.row.id, caseNumber: detail.row.case_number, action: 'case_opened' });
    const { delegation } = viewer;
    // Another municipality's case worked under an agreement (server/src/delegation): say whose it is.
    return { ...presentCaseDetail(detail), ...(delegation?.ownerName ? { delegatedFrom: { owner: delegation.ownerName, acting: delegation.actingName ?? '' } } : {}) };
  });

  app.post('/cases/:id/transitions', {
    config: { permission: 'case.transition', fachverfahren: true },
    schema: {
      tags, security, summary: 'Status eines Vorgangs ändern (annehmen, ablehnen, weiterleiten …)',
      params: CaseParamsSchema, body: TransitionBodySchema, response: { 200: CaseDetailSchema },
    },
  }, async (request) => presentCaseDetail(await transitionCase(db, caseViewer(request), request.params.id, request.body)));

  app.put('/cases/:id/assignee', {
    config: { permission: 'case.assign' },
    schema: {
      tags, security, summary: 'Vorgang zuweisen, übernehmen oder Zuweisung aufheben',
      params: CaseParamsSchema, body: AssigneeBodySchema, response: { 200: CaseDetailSchema },
    },
  }, async (request) => presentCaseDetail(await assignCase(db, caseViewer(request), request.params.id, request.body)));

  app.get('/cases/:id/events', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: { tags, security, summary: 'Verlauf eines Vorgangs (wer, wann, was)', params: CaseParamsSchema, response: { 200: EventListSchema } },
  }, async (request) => ({ items: (await listCaseEvents(db, caseViewer(request), request.params.id)).map(presentEvent) }));

  app.get('/cases/:id/attachments/:attachmentId/content', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: {
      tags, security, summary: 'Inhalt einer Anlage als Download (geprüft gegen die gespeicherte Prüfsumme; nie zur Anzeige im Browser)',
      params: AttachmentParamsSchema, querystring: ContentQuerySchema,
      response: { 200: Type.String({ format: 'binary', description: 'Die Datei' }) },
    },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    const { attachment, stream } = await openAttachmentContent(db, deps.blobs, viewer, request.params.id, request.params.attachmentId);
    recordAccess(db, viewer, { caseId: request.params.id, action: 'attachment_downloaded', objectId: attachment.id });
    return sendUntrustedFile(reply, { fileName: attachment.file_name, mimeType: attachment.mime_type, sizeBytes: attachment.size_bytes }, releaseOnlyWhenVerified(stream));
  });
}
