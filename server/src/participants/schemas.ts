import { Type } from '@sinclair/typebox';
import { ScanStatusSchema } from '../scanning/schema.js';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const RoleSchema = Type.Union([Type.Literal('representative'), Type.Literal('co_applicant'), Type.Literal('authority')], {
  description: 'representative: Vertretung (z. B. Rechtsanwältin); co_applicant: Mitantragsteller/in; authority: um Stellungnahme gebetene Behörde',
});
export const ProfessionSchema = Type.Union([Type.Literal('lawyer'), Type.Literal('tax_adviser'), Type.Literal('architect'), Type.Literal('other')], {
  description: 'Nur bei Vertretung: Rechtsanwalt/-anwältin, Steuerberatung, Architekt/in, sonstige',
});

export const CaseParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs') });
export const ParticipantParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs'), participantId: Uuid('ID der beteiligten Person') });
export const ShareParamsSchema = Type.Object({
  id: Uuid('ID des Vorgangs'), participantId: Uuid('ID der beteiligten Person'),
  itemKind: Type.Union([Type.Literal('message'), Type.Literal('attachment')]), itemId: Uuid('ID der Nachricht oder des Dokuments'),
});
export const FileParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs'), attachmentId: Uuid('ID der Datei') });
export const ServiceParamsSchema = Type.Object({ id: Uuid('ID der Leistung') });

export const InviteBodySchema = Type.Object({
  role: RoleSchema,
  profession: Type.Optional(ProfessionSchema),
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Name der Person oder Stelle' }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 320, description: 'E-Mail-Adresse für den Anmeldelink' })),
  mailboxIdentifier: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Postfach-Kennung des Servicekontos (Anmeldung über das Servicekonto)' })),
}, { additionalProperties: false });

export const StatementBodySchema = Type.Object({
  dueOn: Type.String({ format: 'date', description: 'Frist für die Stellungnahme (JJJJ-MM-TT; ein Wochenende oder Feiertag wird zum nächsten Arbeitstag)' }),
  note: Type.Optional(Type.String({ maxLength: 2000, description: 'Worum es in der Stellungnahme gehen soll' })),
}, { additionalProperties: false });

export const TrustLevelBodySchema = Type.Object({
  level: Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()], { description: 'STORK-QAA-Mindestniveau der Anmeldung Beteiligter (null oder 1: Anmeldelink genügt)' }),
}, { additionalProperties: false });
export const TrustLevelSchema = Type.Object({ serviceId: Uuid(), level: Type.Union([Type.Integer(), Type.Null()]) });

export const StatementSchema = Type.Union([Type.Object({
  dueOn: Type.String({ format: 'date' }),
  note: Nullable(Type.String()),
  requestedAt: DateTime,
  receivedAt: Nullable(DateTime),
  messageId: Nullable(Uuid()),
  overdue: Type.Boolean({ description: 'Frist verstrichen, keine Stellungnahme eingegangen' }),
  requestedOn: Nullable(Type.String({ description: 'Gewünschter Tag, falls er kein Arbeitstag war' })),
  movedBecause: Nullable(Type.String({ description: 'Warum die Frist verschoben wurde (Wochenende, Feiertag)' })),
}), Type.Null()]);

export const ParticipantSchema = Type.Object({
  id: Uuid(),
  role: RoleSchema,
  profession: Type.Union([ProfessionSchema, Type.Null()]),
  name: Type.String(),
  email: Nullable(Type.String()),
  mailboxIdentifier: Nullable(Type.String()),
  invitedAt: DateTime,
  invitedBy: Type.String(),
  revokedAt: Nullable(DateTime),
  lastAccessAt: Nullable(DateTime),
  statement: StatementSchema,
  shares: Type.Array(Type.Object({ itemKind: Type.Union([Type.Literal('message'), Type.Literal('attachment')]), itemId: Uuid(), sharedAt: DateTime, sharedBy: Type.String() })),
});
export const ParticipantListSchema = Type.Object({ items: Type.Array(ParticipantSchema) });

const FileSchema = Type.Object({ id: Uuid(), fileName: Type.String(), mimeType: Type.String(), sizeBytes: Type.Integer(), scanStatus: ScanStatusSchema });

export const ParticipationSchema = Type.Object({
  caseId: Uuid(),
  caseNumber: Type.String(),
  service: Type.String(),
  role: RoleSchema,
  profession: Type.Union([ProfessionSchema, Type.Null()]),
  name: Type.String(),
  statement: StatementSchema,
  signInSufficient: Type.Boolean({ description: 'false: für diesen Vorgang ist eine Anmeldung mit Servicekonto auf höherem Vertrauensniveau nötig' }),
});
export const ParticipationListSchema = Type.Object({ items: Type.Array(ParticipationSchema) });

export const ParticipationDetailSchema = Type.Object({
  caseId: Uuid(),
  caseNumber: Type.String(),
  service: Type.String(),
  status: Type.String(),
  role: RoleSchema,
  name: Type.String(),
  statement: StatementSchema,
  messages: Type.Array(Type.Object({
    id: Uuid(),
    own: Type.Boolean({ description: 'true: selbst eingereicht' }),
    kind: Type.String(),
    subject: Type.String(),
    body: Type.String(),
    author: Type.String(),
    sentAt: DateTime,
    attachments: Type.Array(FileSchema),
  })),
  documents: Type.Array(FileSchema),
});

export const ContributionBodySchema = Type.Unsafe<unknown>({
  description: 'Teil „body“ (Text), optional „statement“ („true“: dies ist die erbetene Stellungnahme), beliebig viele Dateien „attachment“.',
});

export const ApplicantParticipantsSchema = Type.Object({
  items: Type.Array(Type.Object({ name: Type.String(), role: RoleSchema, profession: Type.Union([ProfessionSchema, Type.Null()]), since: DateTime })),
});
