import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { SIGNED_IN } from '../../auth/schemas.js';
import { contentDisposition } from '../../http/downloads.js';
import { caseViewer } from '../../cases/viewer.js';
import { correctApplicant } from './correction.js';
import { confirmErasure, listErasureRequests, requestErasure, withdrawErasure } from './erasure.js';
import { presentErasureRequest, presentSubjectCases } from './presenter.js';
import { CaseParams, Corrected, CorrectionBody, ErasureRequest, ErasureRequests, ReasonBody, ReportQuery, RequestParams, SubjectCases, SubjectQuery } from './schemas.js';
import { SEARCH_LIMIT, searchSubject, subjectReport } from './service.js';

const tags = ['Datenschutz'];
const security = SIGNED_IN;
/** The data-protection officer's right; admins do not hold it (docs/records.md, „Data-subject rights“). */

/** Data-subject rights (Art. 15, 16, 17 GDPR) for the data-protection officer. */
export async function subjectRightsRoutes(app: AppInstance, { db, blobs }: AppDeps): Promise<void> {
  app.get('/privacy/subjects', {
    config: { permission: 'privacy.manage' },
    schema: { tags, security, summary: 'Vorgänge einer Person finden (Name, E-Mail, Postfach, Vorgangsnummern)', querystring: SubjectQuery, response: { 200: SubjectCases } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const { caseNumbers, ...rest } = request.query;
    const rows = await searchSubject(db, viewer, { ...rest, caseNumbers: caseNumbers?.split(/[\s,;]+/).filter(Boolean).slice(0, 100) });
    return presentSubjectCases(rows, SEARCH_LIMIT);
  });

  app.get('/privacy/subject-report', {
    config: { permission: 'privacy.manage' },
    schema: {
      tags, security, summary: 'Auskunft nach Art. 15 DSGVO als ZIP (PDF, JSON, alle Dateien)', querystring: ReportQuery,
      response: { 200: Type.String({ format: 'binary', description: 'ZIP-Archiv' }) },
    },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    const { fileName, stream } = await subjectReport(db, blobs, viewer, request.query.caseIds);
    return reply
      .header('content-type', 'application/zip')
      .header('content-disposition', contentDisposition(fileName, 'attachment'))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(stream as never);
  });

  app.post('/privacy/cases/:id/corrections', {
    config: { permission: 'privacy.manage' },
    schema: { tags, security, summary: 'Angaben zur Person berichtigen (Art. 16 DSGVO)', params: CaseParams, body: CorrectionBody, response: { 200: Corrected } },
  }, async (request) => correctApplicant(db, caseViewer(request), request.params.id, request.body));

  app.get('/privacy/erasure-requests', {
    config: { permission: 'privacy.manage' },
    schema: { tags, security, summary: 'Löschanträge nach Art. 17 DSGVO (offene zuerst)', response: { 200: ErasureRequests } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return { items: (await listErasureRequests(db, viewer)).map((r) => presentErasureRequest(r, viewer.userId)) };
  });

  app.post('/privacy/cases/:id/erasure-requests', {
    config: { permission: 'privacy.manage' },
    schema: { tags, security, summary: 'Vorzeitige Löschung beantragen (Art. 17 DSGVO; eine zweite Person bestätigt)', params: CaseParams, body: ReasonBody, response: { 201: ErasureRequest } },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    return reply.code(201).send(presentErasureRequest(await requestErasure(db, viewer, request.params.id, request.body.reason), viewer.userId));
  });

  app.post('/privacy/erasure-requests/:requestId/confirm', {
    config: { permission: 'privacy.manage' },
    schema: { tags, security, summary: 'Löschung bestätigen (zweite Person mit der Rolle Datenschutz); der Vorgang wird gelöscht', params: RequestParams, response: { 200: ErasureRequest } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentErasureRequest(await confirmErasure(db, viewer, request.params.requestId), viewer.userId);
  });

  app.post('/privacy/erasure-requests/:requestId/withdraw', {
    config: { permission: 'privacy.manage' },
    schema: { tags, security, summary: 'Löschantrag zurückziehen', params: RequestParams, body: ReasonBody, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await withdrawErasure(db, caseViewer(request), request.params.requestId, request.body.reason);
    return reply.code(204).send(null);
  });
}
