import { AppError } from '../shared/errors.js';
import type { Viewer } from '../cases/viewer.js';

/*
 * The note policy. Who may write notes at all is the route's permission (note.write); here the
 * per-note rules: a note has a person as its author, and only its author edits or deletes it.
 */

export type NoteAuthor = { userId: string } | { clientId: string };

/**
 * The author of a new note: the signed-in person, or a registered Fachverfahren (it is named in the
 * case like a person). An anonymous API key has no name to stand behind a note.
 */
export function requireNoteAuthor(viewer: Viewer): NoteAuthor {
  if (viewer.userId) return { userId: viewer.userId };
  if (viewer.clientId) return { clientId: viewer.clientId };
  throw new AppError('forbidden', { detail: 'Notizen können nur angemeldete Mitarbeiterinnen und Mitarbeiter oder registrierte Fachverfahren verfassen.' });
}

export function mayChangeNote(viewer: Viewer, note: { author_id: string | null }): boolean {
  return viewer.userId !== null && note.author_id === viewer.userId;
}

export function requireOwnNote(viewer: Viewer, note: { author_id: string | null }): void {
  if (!mayChangeNote(viewer, note)) {
    throw new AppError('forbidden', { detail: 'Nur die Verfasserin oder der Verfasser kann diese Notiz ändern oder löschen.' });
  }
}
