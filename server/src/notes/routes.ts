import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from '../cases/viewer.js';
import { presentNote } from './presenter.js';
import { CaseParamsSchema, NoteBodySchema, NoteListSchema, NoteParamsSchema, NoteSchema } from './schemas.js';
import { addNote, deleteNote, editNote, listCaseNotes } from './service.js';

const tags = ['Notizen'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

export async function noteRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get('/cases/:id/notes', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: { tags, security, summary: 'Notizen eines Vorgangs auflisten (älteste zuerst)', params: CaseParamsSchema, response: { 200: NoteListSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const rows = await listCaseNotes(db, viewer, request.params.id);
    return { items: rows.map((r) => presentNote(r, viewer.userId)) };
  });

  app.post('/cases/:id/notes', {
    config: { permission: 'note.write', fachverfahren: true },
    schema: {
      tags, security, summary: 'Notiz zu einem Vorgang hinzufügen',
      params: CaseParamsSchema, body: NoteBodySchema, response: { 201: NoteSchema },
    },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    const row = await addNote(db, viewer, request.params.id, request.body.body);
    return reply.code(201).send(presentNote(row, viewer.userId));
  });

  app.patch('/cases/:id/notes/:noteId', {
    config: { permission: 'note.write' },
    schema: {
      tags, security, summary: 'Eigene Notiz ändern',
      params: NoteParamsSchema, body: NoteBodySchema, response: { 200: NoteSchema },
    },
  }, async (request) => {
    const viewer = caseViewer(request);
    return presentNote(await editNote(db, viewer, request.params.id, request.params.noteId, request.body.body), viewer.userId);
  });

  app.delete('/cases/:id/notes/:noteId', {
    config: { permission: 'note.write' },
    schema: {
      tags, security, summary: 'Eigene Notiz löschen (der Verlauf behält nur die Tatsache, nicht den Text)',
      params: NoteParamsSchema, response: { 204: Type.Null({ description: 'Gelöscht' }) },
    },
  }, async (request, reply) => {
    await deleteNote(db, caseViewer(request), request.params.id, request.params.noteId);
    return reply.code(204).send(null);
  });
}
