import { Type } from '@sinclair/typebox';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });

export const AbsenceBodySchema = Type.Object({
  userId: Type.Optional(Uuid('Wer abwesend ist (ohne Angabe: die angemeldete Person; für andere nur Teamleitung/Administration)')),
  deputyId: Uuid('Wer vertritt'),
  startsOn: Day('Erster Tag der Abwesenheit'),
  endsOn: Day('Letzter Tag der Abwesenheit (einschließlich)'),
  note: Type.Optional(Type.String({ maxLength: 500, description: 'Hinweis für die Vertretung (kein Grund der Abwesenheit nötig)' })),
}, { additionalProperties: false });

export const AbsenceSchema = Type.Object({
  id: Uuid(),
  user: Type.Object({ id: Uuid(), displayName: Type.String() }),
  deputy: Type.Object({ id: Uuid(), displayName: Type.String() }),
  startsOn: Day('Erster Tag'),
  endsOn: Day('Letzter Tag'),
  note: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String({ description: 'Wer sie eingetragen hat' }),
  current: Type.Boolean({ description: 'Läuft heute' }),
});

export const AbsenceListSchema = Type.Object({ items: Type.Array(AbsenceSchema) });
export const AbsenceListQuerySchema = Type.Object({
  scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('all')], { description: 'mine: eigene und die, in denen ich vertrete; all: alle (Teamleitung)', default: 'mine' })),
}, { additionalProperties: false });
export const AbsenceParamsSchema = Type.Object({ id: Uuid('ID der Abwesenheit') });

export const RedistributeBodySchema = Type.Object({
  fromUserId: Type.Optional(Uuid('Die offenen Vorgänge dieser Person verteilen')),
  orgUnitId: Type.Optional(Uuid('Oder: die offenen Vorgänge dieser Organisationseinheit verteilen')),
  toUserIds: Type.Array(Uuid(), { minItems: 1, maxItems: 50, description: 'An diese Personen, reihum' }),
}, { additionalProperties: false });
