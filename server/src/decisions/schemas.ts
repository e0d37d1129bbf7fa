import { Type, type Static } from '@sinclair/typebox';
import { UUID_PATTERN } from '../shared/ids.js';

const Uuid = Type.String({ format: 'uuid' });
const UuidInput = Type.String({ pattern: UUID_PATTERN });
const DateTime = Type.String({ format: 'date-time' });
const Kind = Type.Union([Type.Literal('approval'), Type.Literal('rejection')], { description: 'approval = Bewilligung, rejection = Ablehnung' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const CaseParams = Type.Object({ id: UuidInput });
export const DecisionParams = Type.Object({ id: UuidInput, decisionId: UuidInput });
export const IdParams = Type.Object({ id: UuidInput });
export const ServiceParams = Type.Object({ serviceId: UuidInput });

export const Decision = Type.Object({
  id: Uuid,
  caseId: Uuid,
  templateId: Nullable(Uuid),
  kind: Kind,
  source: Type.Union([Type.Literal('template'), Type.Literal('upload'), Type.Literal('generator')]),
  status: Type.Union([Type.Literal('draft'), Type.Literal('awaiting_release'), Type.Literal('released'), Type.Literal('sent')]),
  text: Nullable(Type.String()),
  requiresRelease: Type.Boolean(),
  document: Nullable(Type.Object({ attachmentId: Nullable(Uuid), sha256: Type.String(), sizeBytes: Type.Integer() })),
  createdBy: Type.Object({ id: Nullable(Uuid), name: Type.String() }),
  releasedBy: Nullable(Type.Object({ id: Nullable(Uuid), name: Type.String() })),
  releasedAt: Nullable(DateTime),
  sentAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** What the signed-in person may do with it now (release is hidden from its author under four-eyes). */
  allowedActions: Type.Array(Type.String()),
});

export const Template = Type.Object({
  id: Uuid,
  service: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  kind: Kind,
  name: Type.String(),
  body: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const CaseDecisions = Type.Object({
  items: Type.Array(Decision),
  templates: Type.Array(Template),
  requiresRelease: Type.Boolean(),
  generatorConfigured: Type.Boolean(),
});

export const NewDecisionBody = Type.Object(
  {
    source: Type.Union([Type.Literal('template'), Type.Literal('generator')], { description: 'template: aus einer Vorlage; generator: vom externen Dokumentengenerator' }),
    templateId: Type.Optional(UuidInput),
    kind: Type.Optional(Kind),
  },
  { additionalProperties: false },
);
export type NewDecisionBody = Static<typeof NewDecisionBody>;

export const EditTextBody = Type.Object({ text: Type.String({ maxLength: 50_000 }) }, { additionalProperties: false });
export const SendBody = Type.Object({
  version: Type.Integer({ minimum: 1, description: 'Version des Vorgangs (optimistische Sperre)' }),
  deliverAs: Type.Optional(Type.Literal('letter', { description: 'Als Brief erstellen (Ausdruck, Versand per Post) statt elektronisch zuzustellen' })),
}, { additionalProperties: false });

export const NewTemplateBody = Type.Object(
  {
    serviceId: Type.Optional(Nullable(UuidInput)),
    kind: Kind,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    body: Type.String({ minLength: 1, maxLength: 50_000, description: 'Text mit Platzhaltern, z. B. {{antragsteller.name}}, {{formular.hund.rasse}}' }),
  },
  { additionalProperties: false },
);
export const UpdateTemplateBody = Type.Partial(NewTemplateBody, { additionalProperties: false });

export const Letterhead = Type.Object({
  name: Type.String(),
  addressLines: Type.Array(Type.String()),
  contact: Type.String(),
  logo: Nullable(Type.Object({ sha256: Type.String(), mimeType: Type.String() })),
  updatedAt: Nullable(DateTime),
});
export const LetterheadBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    addressLines: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 6 }),
    contact: Type.String({ maxLength: 300 }),
    logoBase64: Type.Optional(Nullable(Type.String({ maxLength: 800_000, description: 'PNG oder JPEG, Base64; null entfernt das Logo' }))),
  },
  { additionalProperties: false },
);

export const ServiceSettings = Type.Object({
  service: Type.Object({ id: Uuid, name: Type.String() }),
  requiresRelease: Type.Boolean(),
  generatorUrl: Nullable(Type.String()),
  requiresTasksDone: Type.Boolean({ description: 'Bescheid erst, wenn alle Aufgaben des Vorgangs erledigt sind' }),
});
export const ServiceSettingsBody = Type.Object(
  {
    requiresRelease: Type.Boolean(), generatorUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    requiresTasksDone: Type.Optional(Type.Boolean({ description: 'Bescheid erst, wenn alle Aufgaben erledigt sind; ohne Angabe bleibt es, wie es war' })),
  },
  { additionalProperties: false },
);

export const Placeholders = Type.Object({
  items: Type.Array(Type.Object({ name: Type.String(), description: Type.String() })),
  formPrefix: Type.String(),
});
