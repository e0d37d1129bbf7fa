import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { NoteAuthor } from './policy.js';
import { uuidv7 } from '../shared/ids.js';

export interface NoteRow {
  id: string;
  case_id: string;
  body: string;
  /** The person who wrote it; null when a Fachverfahren did (author_client_id). */
  author_id: string | null;
  author_client_id: string | null;
  author_name: string;
  created_at: Date;
  updated_at: Date;
}

function noteQuery(trx: Trx, tenantId: string, caseId: string) {
  return trx
    .selectFrom('notes')
    .leftJoin('users', 'users.id', 'notes.author_id')
    .leftJoin('fachverfahren_clients as fv', 'fv.id', 'notes.author_client_id')
    .select(['notes.id', 'notes.case_id', 'notes.body', 'notes.author_id', 'notes.author_client_id', 'notes.created_at', 'notes.updated_at'])
    .select(sql<string>`coalesce(users.display_name, 'Fachverfahren ' || fv.name, '')`.as('author_name'))
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

export async function insertNote(trx: Trx, tenantId: string, caseId: string, author: NoteAuthor, body: string): Promise<string> {
  const id = uuidv7();
  const now = new Date();
  await trx
    .insertInto('notes')
    .values({ id, tenant_id: tenantId, case_id: caseId, author_id: 'userId' in author ? author.userId : null, author_client_id: 'clientId' in author ? author.clientId : null, body, created_at: now, updated_at: now, deleted_at: null })
    .execute();
  return id;
}

export async function updateNoteBody(trx: Trx, tenantId: string, noteId: string, body: string): Promise<void> {
  await trx.updateTable('notes').set({ body, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', noteId).execute();
}

export async function markNoteDeleted(trx: Trx, tenantId: string, noteId: string): Promise<void> {
  await trx.updateTable('notes').set({ deleted_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', noteId).execute();
}
