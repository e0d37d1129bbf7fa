import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import type { Viewer } from '../cases/viewer.js';
import { requireVisibleCase } from './case-access.js';
import { requireNoteAuthor, requireOwnNote } from './policy.js';
import { findNote, insertNote, listNotes, markNoteDeleted, updateNoteBody, type NoteRow } from './repository.js';

/*
 * History events of notes carry only the note's id, never its text: the hash-chained history can
 * neither be edited nor deleted, while a note can (and may hold personal data). The note itself is
 * the place of the text; the history says who added, edited or deleted which note, and when.
 * Notes are internal remarks: no outbox notice, and they change neither the case's version nor
 * its updated_at (a note must not make a colleague's open case "stale").
 */

const noteNotFound = (noteId: string) => new AppError('not_found', { detail: `Die Notiz „${noteId}“ wurde nicht gefunden.` });

function cleanBody(body: string): string {
  const text = body.trim();
  if (!text) throw new AppError('validation_failed', { field: 'body', detail: 'Bitte geben Sie einen Text für die Notiz („body“) ein.' });
  return text;
}

async function loadOwnNote(trx: Trx, viewer: Viewer, caseId: string, noteId: string): Promise<NoteRow> {
  await requireVisibleCase(trx, viewer, caseId, { write: true });
  const note = await findNote(trx, viewer.tenantId, caseId, noteId);
  if (!note) throw noteNotFound(noteId);
  requireOwnNote(viewer, note);
  return note;
}

export async function listCaseNotes(db: Database, viewer: Viewer, caseId: string): Promise<NoteRow[]> {
  return withTenant(db, viewer, async (trx) => {
    await requireVisibleCase(trx, viewer, caseId);
    return listNotes(trx, viewer.tenantId, caseId);
  });
}

export async function addNote(db: Database, viewer: Viewer, caseId: string, body: string): Promise<NoteRow> {
  const author = requireNoteAuthor(viewer);
  const text = cleanBody(body);
  return withTenant(db, viewer, async (trx) => {
    await requireVisibleCase(trx, viewer, caseId, { write: true });
    const id = await insertNote(trx, viewer.tenantId, caseId, author, text);
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'note.added', actor: viewer.actor, data: { noteId: id } });
    return (await findNote(trx, viewer.tenantId, caseId, id))!;
  });
}

export async function editNote(db: Database, viewer: Viewer, caseId: string, noteId: string, body: string): Promise<NoteRow> {
  const text = cleanBody(body);
  return withTenant(db, viewer, async (trx) => {
    const note = await loadOwnNote(trx, viewer, caseId, noteId);
    if (note.body === text) return note;
    await updateNoteBody(trx, viewer.tenantId, noteId, text);
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'note.edited', actor: viewer.actor, data: { noteId } });
    return (await findNote(trx, viewer.tenantId, caseId, noteId))!;
  });
}

export async function deleteNote(db: Database, viewer: Viewer, caseId: string, noteId: string): Promise<void> {
  await withTenant(db, viewer, async (trx) => {
    await loadOwnNote(trx, viewer, caseId, noteId);
    await markNoteDeleted(trx, viewer.tenantId, noteId);
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'note.deleted', actor: viewer.actor, data: { noteId } });
  });
}
