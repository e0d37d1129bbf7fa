import type { Trx } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';

export interface NoteRow {
  id: string;
  case_id: string;
  body: string;
  author_id: string;
  author_name: string;
  created_at: Date;
  updated_at: Date;
}

function noteQuery(trx: Trx, tenantId: string, caseId: string) {
  return trx
    .selectFrom('notes')
    .innerJoin('users', 'users.id', 'notes.author_id')
    .select(['notes.id', 'notes.case_id', 'notes.body', 'notes.author_id', 'users.display_name as author_name', 'notes.created_at', 'notes.updated_at'])
    .where('notes.tenant_id', '=', tenantId)
    .where('notes.case_id', '=', caseId)
    .where('notes.deleted_at', 'is', null);
}

/** The case's notes that are not deleted, oldest first. */
export async function listNotes(trx: Trx, tenantId: string, caseId: string): Promise<NoteRow[]> {
  return noteQuery(trx, tenantId, caseId).orderBy('notes.created_at').orderBy('notes.id').execute();
}

export async function findNote(trx: Trx, tenantId: string, caseId: string, noteId: string): Promise<NoteRow | undefined> {
  return noteQuery(trx, tenantId, caseId).where('notes.id', '=', noteId).forUpdate('notes').executeTakeFirst();
}

export async function insertNote(trx: Trx, tenantId: string, caseId: string, authorId: string, body: string): Promise<string> {
  const id = uuidv7();
  const now = new Date();
  await trx
    .insertInto('notes')
    .values({ id, tenant_id: tenantId, case_id: caseId, author_id: authorId, body, created_at: now, updated_at: now, deleted_at: null })
    .execute();
  return id;
}

export async function updateNoteBody(trx: Trx, tenantId: string, noteId: string, body: string): Promise<void> {
  await trx.updateTable('notes').set({ body, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', noteId).execute();
}

export async function markNoteDeleted(trx: Trx, tenantId: string, noteId: string): Promise<void> {
  await trx.updateTable('notes').set({ deleted_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', noteId).execute();
}
