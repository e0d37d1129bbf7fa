import { Type, type Static } from '@sinclair/typebox';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const DateTime = Type.String({ format: 'date-time' });

export const VIEW_NAME_MAX = 100;
export const VIEW_QUERY_MAX = 2000;

const Name = Type.String({ minLength: 1, maxLength: VIEW_NAME_MAX, description: 'Name der Ansicht (je Person eindeutig, ohne Groß-/Kleinschreibung)' });
const Query = Type.String({
  maxLength: VIEW_QUERY_MAX,
  description: 'Abfrage des Posteingangs ohne „?“, mit den Parameternamen von GET /api/cases (z. B. „status=new&q=Meier&sort=case_number“)',
});
const Shared = Type.Boolean({ description: 'Für alle in der Kommune freigegeben (nur Administration)' });

export const ViewParamsSchema = Type.Object({ id: Uuid('ID der Ansicht') });

export const CreateViewBodySchema = Type.Object({ name: Name, query: Query, shared: Type.Optional(Shared) }, { additionalProperties: false });
export type CreateViewBody = Static<typeof CreateViewBodySchema>;

export const UpdateViewBodySchema = Type.Object(
  { name: Type.Optional(Name), query: Type.Optional(Query), shared: Type.Optional(Shared) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateViewBody = Static<typeof UpdateViewBodySchema>;

export const ViewSchema = Type.Object({
  id: Uuid(),
  name: Type.String(),
  query: Type.String({ description: 'Abfrage ohne „?“; anwenden = den Posteingang mit „/?<query>“ öffnen' }),
  shared: Type.Boolean(),
  own: Type.Boolean({ description: 'true, wenn die angemeldete Person die Ansicht angelegt hat (nur sie darf sie ändern oder löschen)' }),
  owner: Type.Object({ id: Uuid(), displayName: Type.String() }),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ViewListSchema = Type.Object({ items: Type.Array(ViewSchema) });
