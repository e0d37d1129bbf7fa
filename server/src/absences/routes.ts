import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from '../cases/viewer.js';
import { absencesFor, recordAbsence, withdrawAbsence } from './service.js';
import { redistributeCases } from './redistribute.js';
import { presentAbsence } from './presenter.js';
import { AbsenceBodySchema, AbsenceListQuerySchema, AbsenceListSchema, AbsenceParamsSchema, AbsenceSchema, RedistributeBodySchema } from './schemas.js';

const tags = ['Vertretung'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

const BulkResultsSchema = Type.Object({
  results: Type.Array(Type.Object({
    caseId: Type.String({ format: 'uuid' }), ok: Type.Boolean(), code: Type.Optional(Type.String()), detail: Type.Optional(Type.String()),
  })),
});

export async function absenceRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get('/absences', {
    config: { permission: ['absence.manage_own', 'absence.manage_others'] },
    schema: { tags, security, summary: 'Laufende und kommende Abwesenheiten (eigene und vertretene; Teamleitung: alle)', querystring: AbsenceListQuerySchema, response: { 200: AbsenceListSchema } },
  }, async (request) => ({ items: (await absencesFor(db, caseViewer(request), request.query.scope ?? 'mine')).map((r) => presentAbsence(r)) }));

  app.post('/absences', {
    config: { permission: ['absence.manage_own', 'absence.manage_others'] },
    schema: { tags, security, summary: 'Abwesenheit mit Vertretung eintragen (für andere: Teamleitung)', body: AbsenceBodySchema, response: { 201: AbsenceSchema } },
  }, async (request, reply) => {
    const row = await recordAbsence(db, caseViewer(request), request.body);
    return reply.code(201).send(presentAbsence(row));
  });

  app.delete('/absences/:id', {
    config: { permission: ['absence.manage_own', 'absence.manage_others'] },
    schema: { tags, security, summary: 'Abwesenheit zurücknehmen', params: AbsenceParamsSchema, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await withdrawAbsence(db, caseViewer(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/absences/redistribute', {
    config: { permission: 'absence.manage_others' },
    schema: { tags, security, summary: 'Offene Vorgänge einer Person oder Organisationseinheit reihum neu verteilen (Teamleitung)', body: RedistributeBodySchema, response: { 200: BulkResultsSchema } },
  }, async (request) => ({ results: await redistributeCases(db, caseViewer(request), request.body) }));
}
