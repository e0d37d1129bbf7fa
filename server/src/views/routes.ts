import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { presentView } from './presenter.js';
import { CreateViewBodySchema, UpdateViewBodySchema, ViewListSchema, ViewParamsSchema, ViewSchema } from './schemas.js';
import { changeView, createView, listViews, removeView, viewUserOf } from './service.js';

const tags = ['Ansichten'];
const security: Array<Record<string, string[]>> = [{ session: [] }];

export async function viewRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get('/views', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Eigene und für die Kommune freigegebene Ansichten des Posteingangs auflisten', response: { 200: ViewListSchema } },
  }, async (request) => {
    const user = viewUserOf(request);
    return { items: (await listViews(db, user)).map((row) => presentView(row, user.userId)) };
  });

  app.post('/views', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Aktuelle Filter und Sortierung als Ansicht speichern', body: CreateViewBodySchema, response: { 201: ViewSchema } },
  }, async (request, reply) => {
    const user = viewUserOf(request);
    return reply.code(201).send(presentView(await createView(db, user, request.body), user.userId));
  });

  app.patch('/views/:id', {
    config: { permission: 'case.read' },
    schema: {
      tags, security, summary: 'Eigene Ansicht umbenennen, ändern oder freigeben',
      params: ViewParamsSchema, body: UpdateViewBodySchema, response: { 200: ViewSchema },
    },
  }, async (request) => {
    const user = viewUserOf(request);
    return presentView(await changeView(db, user, request.params.id, request.body), user.userId);
  });

  app.delete('/views/:id', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Eigene Ansicht löschen', params: ViewParamsSchema, response: { 204: Type.Null({ description: 'Gelöscht' }) } },
  }, async (request, reply) => {
    await removeView(db, viewUserOf(request), request.params.id);
    return reply.code(204).send(null);
  });
}
