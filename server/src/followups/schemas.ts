import { Type, type Static } from '@sinclair/typebox';
import { CaseStatusSchema } from '../cases/schemas.js';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const DateTime = Type.String({ format: 'date-time' });
const Day = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const Person = Type.Object({ id: Uuid(), displayName: Type.String() });

export const FOLLOW_UP_STATES = ['open', 'overdue', 'done'] as const;
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number];

export const CaseParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs') });
export const FollowUpParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs'), fid: Uuid('ID der Wiedervorlage') });

const fields = {
  dueDate: Day('Fällig am (Kalendertag, deutsche Zeit); nicht in der Vergangenheit'),
  subject: Type.String({ minLength: 1, maxLength: 200, description: 'Betreff' }),
  description: Type.String({ maxLength: 4000, description: 'Beschreibung (optional)' }),
  ownerId: Uuid('Wen die Wiedervorlage erinnert; ohne Angabe die anlegende Person'),
};

export const FollowUpCreateSchema = Type.Object({
  dueDate: fields.dueDate,
  subject: fields.subject,
  description: Type.Optional(fields.description),
  ownerId: Type.Optional(fields.ownerId),
}, { additionalProperties: false });
export type FollowUpCreate = Static<typeof FollowUpCreateSchema>;

export const FollowUpPatchSchema = Type.Object({
  dueDate: Type.Optional(fields.dueDate),
  subject: Type.Optional(fields.subject),
  description: Type.Optional(fields.description),
  ownerId: Type.Optional(fields.ownerId),
  done: Type.Optional(Type.Boolean({ description: 'true: als erledigt markieren; false: wieder öffnen' })),
}, { additionalProperties: false, minProperties: 1 });
export type FollowUpPatch = Static<typeof FollowUpPatchSchema>;

export const FollowUpSchema = Type.Object({
  id: Uuid(),
  caseId: Uuid(),
  dueDate: Type.String({ description: 'yyyy-mm-dd' }),
  subject: Type.String(),
  description: Type.String(),
  owner: Person,
  done: Type.Boolean(),
  overdue: Type.Boolean({ description: 'offen und vor dem heutigen Tag fällig' }),
  doneAt: Type.Union([DateTime, Type.Null()]),
  doneBy: Type.Union([Person, Type.Null()]),
  createdBy: Type.Union([Person, Type.Null()], { description: 'null: von einem API-Zugang angelegt' }),
  createdAt: DateTime,
});

export const FollowUpListSchema = Type.Object({ items: Type.Array(FollowUpSchema) });

export const MyFollowUpListSchema = Type.Object({
  items: Type.Array(Type.Object({
    ...FollowUpSchema.properties,
    case: Type.Object({ id: Uuid(), caseNumber: Type.String(), title: Type.String(), status: CaseStatusSchema }),
    inDeputyFor: Type.Union([Person, Type.Null()], { description: 'Bei „owner=me“: die abwesende Person, deren Wiedervorlage dies ist („in Vertretung“)' }),
  })),
});

export const MyFollowUpQuerySchema = Type.Object({
  owner: Type.Optional(Type.String({
    pattern: '^(me|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
    default: 'me',
    description: '„me“ (eigene) oder die ID einer Person',
  })),
  state: Type.Optional(Type.Union(FOLLOW_UP_STATES.map((s) => Type.Literal(s)), {
    default: 'open',
    description: 'open: alle offenen (überfällige zuerst, dann nach Fälligkeit); overdue: nur überfällige; done: erledigte, zuletzt erledigte zuerst',
  })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
}, { additionalProperties: false });
