import { Type } from '@sinclair/typebox';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const DateTime = Type.String({ format: 'date-time' });

export const NOTE_MAX_LENGTH = 10_000;

export const CaseParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs') });
export const NoteParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs'), noteId: Uuid('ID der Notiz') });

export const NoteBodySchema = Type.Object({
  body: Type.String({ minLength: 1, maxLength: NOTE_MAX_LENGTH, description: 'Text der Notiz (intern, für Antragstellende nicht sichtbar)' }),
}, { additionalProperties: false });

export const NoteSchema = Type.Object({
  id: Uuid(),
  caseId: Uuid(),
  body: Type.String(),
  author: Type.Object({ id: Uuid(), displayName: Type.String() }),
  own: Type.Boolean({ description: 'true, wenn die angemeldete Person die Notiz verfasst hat (nur sie darf sie ändern oder löschen)' }),
  edited: Type.Boolean({ description: 'true, wenn die Notiz nach dem Anlegen geändert wurde' }),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const NoteListSchema = Type.Object({ items: Type.Array(NoteSchema) });
