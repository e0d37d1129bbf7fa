import type { NoteRow } from './repository.js';

const iso = (value: Date | string) => new Date(value).toISOString();

/** A note as the API shows it; `own` tells the client whether it may offer edit and delete. */
export function presentNote(row: NoteRow, viewerUserId: string | null) {
  return {
    id: row.id,
    caseId: row.case_id,
    body: row.body,
    // A Fachverfahren's note names the procedure (its registration id) instead of a person.
    author: { id: (row.author_id ?? row.author_client_id)!, displayName: row.author_name },
    own: viewerUserId !== null && row.author_id === viewerUserId,
    edited: new Date(row.updated_at).getTime() !== new Date(row.created_at).getTime(),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
