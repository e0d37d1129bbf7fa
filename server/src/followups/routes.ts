import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from '../cases/viewer.js';
import { presentFollowUp, presentMyFollowUp } from './presenter.js';
import {
  CaseParamsSchema, FollowUpCreateSchema, FollowUpListSchema, FollowUpParamsSchema, FollowUpPatchSchema, FollowUpSchema,
  MyFollowUpListSchema, MyFollowUpQuerySchema,
} from './schemas.js';
import { createFollowUp, listCaseFollowUps, listMyFollowUps, updateFollowUp } from './service.js';

const tags = ['Wiedervorlagen'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

export async function followUpRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get('/cases/:id/follow-ups', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: {
      tags, security, summary: 'Wiedervorlagen eines Vorgangs (offene nach Fälligkeit, dann erledigte)',
      params: CaseParamsSchema, response: { 200: FollowUpListSchema },
    },
  }, async (request) => {
    const rows = await listCaseFollowUps(db, caseViewer(request), request.params.id);
    return { items: rows.map(presentFollowUp) };
  });

  app.post('/cases/:id/follow-ups', {
    config: { permission: 'followup.write', fachverfahren: true },
    schema: {
      tags, security, summary: 'Wiedervorlage zu einem Vorgang anlegen',
      params: CaseParamsSchema, body: FollowUpCreateSchema, response: { 201: FollowUpSchema },
    },
  }, async (request, reply) => {
    const row = await createFollowUp(db, caseViewer(request), request.params.id, request.body);
    return reply.code(201).send(presentFollowUp(row));
  });

  app.patch('/cases/:id/follow-ups/:fid', {
    config: { permission: 'followup.write', fachverfahren: true },
    schema: {
      tags, security, summary: 'Wiedervorlage ändern, als erledigt markieren oder wieder öffnen',
      params: FollowUpParamsSchema, body: FollowUpPatchSchema, response: { 200: FollowUpSchema },
    },
  }, async (request) =>
    presentFollowUp(await updateFollowUp(db, caseViewer(request), request.params.id, request.params.fid, request.body)));

  app.get('/follow-ups', {
    config: { permission: 'case.read' },
    schema: {
      tags, security, summary: 'Meine Wiedervorlagen (mit Vorgangsnummer und Titel)',
      querystring: MyFollowUpQuerySchema, response: { 200: MyFollowUpListSchema },
    },
  }, async (request) => {
    const viewer = caseViewer(request);
    const rows = await listMyFollowUps(db, viewer, request.query);
    const me = (request.query.owner ?? 'me') === 'me' ? viewer.userId : null;
    return { items: rows.map((row) => presentMyFollowUp(row, me)) };
  });
}
