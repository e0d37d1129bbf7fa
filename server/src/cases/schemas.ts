import { Type, type TLiteral, type TUnion } from '@sinclair/typebox';
import { CASE_STATUSES, TRANSITION_ACTIONS } from './lifecycle.js';
import { CASE_SORTS } from './cursor.js';
import { DEADLINE_FILTERS } from '../deadlines/inbox.js';
import { DeadlineSchema } from '../deadlines/schemas.js';
import { CASE_PERMISSIONS } from './policy.js';
import { ScanStatusSchema } from '../scanning/schema.js';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const DateTime = Type.String({ format: 'date-time' });
const DateOrDateTime = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$', description });

/** A union of string literals that keeps its literal types (a plain Array.map would widen them). */
function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v)), options) as never;
}

export const CaseStatusSchema = StringEnum(CASE_STATUSES);
/** Intake accepts exactly these (intake/schemas.ts); the column holds nothing else. */
const CasePrioritySchema = StringEnum(['low', 'normal', 'high'] as const);
export const TransitionActionSchema = StringEnum(TRANSITION_ACTIONS);

const filterProperties = {
  serviceId: Type.Optional(Uuid('Nur Vorgänge dieser Leistung')),
  orgUnitId: Type.Optional(Uuid('Nur Vorgänge dieser Organisationseinheit')),
  assignee: Type.Optional(Type.String({
    pattern: '^(me|none|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
    description: '„me“ (eigene), „none“ (nicht zugewiesen) oder die ID einer Person',
  })),
  receivedFrom: Type.Optional(DateOrDateTime('Eingegangen ab (Datum, deutsche Zeit, oder Zeitpunkt)')),
  receivedTo: Type.Optional(DateOrDateTime('Eingegangen bis einschließlich (Datum oder Zeitpunkt)')),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Volltextsuche: Vorgangsnummer, Name, Titel, Formularinhalt, Notizen' })),
  followUp: Type.Optional(Type.Literal('overdue', { description: '„overdue“: nur Vorgänge mit einer überfälligen offenen Wiedervorlage' })),
  deadline: Type.Optional(StringEnum(DEADLINE_FILTERS, { description: 'Bearbeitungsfrist: „overdue“ (überschritten), „paused“ (angehalten, Rückfrage offen), „running“ (läuft)' })),
  dueWithin: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, description: 'Nur Vorgänge, deren Frist in den nächsten n Kalendertagen endet (heute eingeschlossen)' })),
  deputy: Type.Optional(Type.Boolean({ description: 'true: nur Vorgänge der Personen, die ich heute vertrete („in Vertretung“)' })),
};

export const CountsQuerySchema = Type.Object(filterProperties, { additionalProperties: false });

export const ListQuerySchema = Type.Object({
  status: Type.Optional(Type.Array(CaseStatusSchema, { description: 'Status (mehrfach möglich)' })),
  ...filterProperties,
  sort: Type.Optional(StringEnum(CASE_SORTS, { default: '-received_at' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'nextCursor der vorigen Seite' })),
}, { additionalProperties: false });

export const CaseParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs') });
export const AttachmentParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs'), attachmentId: Uuid('ID der Anlage') });
export const ContentQuerySchema = Type.Object({
  download: Type.Optional(StringEnum(['0', '1', 'false', 'true'] as const, { description: 'Veraltet und ohne Wirkung: Dateien von außen werden immer als Download ausgeliefert.' })),
}, { additionalProperties: false });

export const TransitionBodySchema = Type.Object({
  action: TransitionActionSchema,
  version: Type.Integer({ minimum: 1, description: 'Version des Vorgangs, auf der die Änderung beruht' }),
  reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Begründung (bei „reject“ Pflicht)' })),
  orgUnitId: Type.Optional(Uuid('Ziel der Weiterleitung (bei „forward“ Pflicht)')),
}, { additionalProperties: false });

export const AssigneeBodySchema = Type.Object({
  assigneeId: Type.Union([Uuid(), Type.Null()], { description: 'Zuständige Person; null hebt die Zuweisung auf' }),
  version: Type.Integer({ minimum: 1 }),
}, { additionalProperties: false });

export const CaseSummarySchema = Type.Object({
  id: Uuid(),
  caseNumber: Type.String(),
  title: Type.String(),
  status: CaseStatusSchema,
  priority: CasePrioritySchema,
  version: Type.Integer(),
  service: Type.Object({ id: Uuid(), name: Type.String(), leikaKey: Type.String() }),
  orgUnit: Type.Object({ id: Uuid(), name: Type.String() }),
  applicantName: Type.String(),
  assignee: Type.Union([Type.Object({ id: Uuid(), displayName: Type.String() }), Type.Null()]),
  receivedAt: DateTime,
  updatedAt: DateTime,
  hasUnreadReply: Type.Boolean({ description: 'Eine Antwort der antragstellenden Person ist eingegangen und noch nicht gesehen' }),
  nextFollowUp: Type.Union([
    Type.Object({ dueDate: Type.String({ description: 'yyyy-mm-dd' }), overdue: Type.Boolean() }),
    Type.Null(),
  ], { description: 'Die früheste offene Wiedervorlage' }),
  handedOverTo: Type.Union([
    Type.Object({
      id: Uuid(),
      name: Type.String({ description: 'Name des Fachverfahrens' }),
      exclusive: Type.Boolean({ description: 'Ausschließlich: Status und Zuständigkeit ändert nur das Fachverfahren, bis es den Vorgang zurückgibt / Exclusive: only the procedure changes status and assignee until it gives the case back' }),
    }),
    Type.Null(),
  ], { description: 'An ein Fachverfahren übergeben / Handed over to a specialised procedure (null: beim Schreibtisch)' }),
  deadline: Type.Union([DeadlineSchema, Type.Null()], { description: 'Die Bearbeitungsfrist (null: die Leistung hat keine)' }),
  inDeputyFor: Type.Union([Type.Object({ id: Uuid(), displayName: Type.String() }), Type.Null()], {
    description: 'Die abwesende Person, die die angemeldete Person bei diesem Vorgang heute vertritt („in Vertretung“)',
  }),
});

const FormItemSchema = Type.Object({
  name: Type.String(),
  label: Type.String(),
  stringValue: Type.Optional(Type.String()),
  numberValue: Type.Optional(Type.Number()),
  dateValue: Type.Optional(Type.String()),
  booleanValue: Type.Optional(Type.Boolean()),
  code: Type.Optional(Type.String({ description: 'Der vom Formular gesendete Wert, wenn stringValue stattdessen den Text der gewählten Option zeigt (z. B. „1“ für „weiblich“)' })),
  formItems: Type.Optional(Type.Array(Type.Unknown(), { description: 'Unterelemente mit derselben Struktur' })),
});

const ApplicantSchema = Type.Object({
  kind: Type.Union([Type.Literal('person'), Type.Literal('organisation')]),
  firstName: Type.Optional(Type.String()),
  lastName: Type.Optional(Type.String()),
  organisationName: Type.Optional(Type.String()),
  address: Type.Optional(Type.Record(Type.String(), Type.String())),
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  dateOfBirth: Type.Optional(Type.String({ description: 'JJJJ-MM-TT' })),
  mailbox: Type.Optional(Type.Object({
    identifier: Type.String(),
    type: Type.String({ description: 'Postfachdienst (bundid, osi, bayernid, muk), sonst die Art, wie der Eingangsweg sie nannte' }),
    rawType: Type.Optional(Type.String()), accountType: Type.Optional(Type.String()), trustLevel: Type.Optional(Type.String()),
    level: Type.Optional(Type.String({ description: 'Vertrauensniveau nach eIDAS: low, substantial, high' })),
    accountKind: Type.Optional(Type.String({ description: 'organisation: Konto einer Organisation (Unternehmenskonto)' })),
  })),
});

export const CaseDetailSchema = Type.Object({
  ...CaseSummarySchema.properties,
  applicant: ApplicantSchema,
  formData: Type.Array(FormItemSchema),
  attachments: Type.Array(Type.Object({
    id: Uuid(), fileName: Type.String(),
    mimeType: Type.String({ description: 'Am Inhalt erkannter Typ' }),
    declaredMimeType: Type.Union([Type.String(), Type.Null()], { description: 'Vom Absender angegebener Typ (nur zur Information)' }),
    sizeBytes: Type.Integer(), kind: Type.String(), createdAt: DateTime,
    scanStatus: ScanStatusSchema,
  })),
  allowedActions: Type.Array(Type.String(), { description: 'Aktionen, die die angemeldete Person jetzt ausführen darf' }),
  permissions: Type.Array(StringEnum(CASE_PERMISSIONS), { description: 'Was die angemeldete Person mit diesem Vorgang tun darf (Notiz, Wiedervorlage, Nachricht, Bescheid, Sperre …)' }),
  readOnlySince: Type.Union([DateTime, Type.Null()], { description: 'Seit wann der Vorgang schreibgeschützt ist (federführend per xdomea abgegeben); null: änderbar' }),
  delegatedFrom: Type.Optional(Type.Object({ owner: Type.String(), acting: Type.String() }, { description: 'Nur wenn wir den Vorgang einer anderen Kommune unter einer Vereinbarung bearbeiten: die Kommune, der er gehört, und wir als handelnde Kommune' })),
});

export const CaseListSchema = Type.Object({ items: Type.Array(CaseSummarySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export const CountsSchema = Type.Object({
  byStatus: Type.Record(Type.String(), Type.Integer(), { description: 'Anzahl je Status (leer, wenn exact = false)' }),
  total: Type.Integer(),
  exact: Type.Boolean({ description: 'false: mehr als „total“ Vorgänge passen (Suchtext, Zeitraum oder Wiedervorlage als Filter; gezählt wird höchstens bis 1.000)' }),
});

export const EventListSchema = Type.Object({
  items: Type.Array(Type.Object({
    id: Uuid(),
    seq: Type.Integer(),
    type: Type.String(),
    actor: Type.Object({ kind: Type.String(), name: Type.String() }),
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'Bei Änderungen { feld: { from, to } }' }),
    occurredAt: DateTime,
  })),
});
