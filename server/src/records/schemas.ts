import { Type, type Static } from '@sinclair/typebox';
import { UUID_PATTERN } from '../shared/ids.js';
import { APPRAISALS, MAX_PERIOD_MONTHS, RETENTION_STARTS } from './rules.js';

const Uuid = (description: string) => Type.String({ pattern: UUID_PATTERN, description });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const CaseParams = Type.Object({ id: Uuid('ID des Vorgangs') });
export const HoldParams = Type.Object({ id: Uuid('ID des Vorgangs'), holdId: Uuid('ID der Aufbewahrungssperre') });
export const ServiceParams = Type.Object({ serviceId: Uuid('ID der Leistung') });

const StartsAt = Type.Unsafe<(typeof RETENTION_STARTS)[number]>({
  type: 'string', enum: [...RETENTION_STARTS], description: 'Fristbeginn: closed (Abschluss) oder decision_final (Bestandskraft des Bescheids)',
});
const Appraisal = Type.Unsafe<(typeof APPRAISALS)[number]>({
  type: 'string', enum: [...APPRAISALS], description: 'Archivbewertung nach xdomea: A archivwürdig, B zu bewerten, V vernichten',
});

export const RuleSchema = Type.Object({
  periodMonths: Type.Integer({ minimum: 0, maximum: MAX_PERIOD_MONTHS, description: 'Aufbewahrungsfrist in Monaten' }),
  startsAt: StartsAt,
  appraisal: Appraisal,
});

export const RuleBody = Type.Object(
  {
    periodMonths: Type.Integer({ minimum: 0, maximum: MAX_PERIOD_MONTHS, description: 'Aufbewahrungsfrist in Monaten' }),
    startsAt: Type.String({ maxLength: 40 }),
    appraisal: Type.String({ maxLength: 4 }),
  },
  { additionalProperties: false },
);
export type RuleBody = Static<typeof RuleBody>;

export const RuleOverviewSchema = Type.Object({
  defaultRule: Type.Object({
    rule: RuleSchema,
    builtIn: Type.Boolean({ description: 'true: die Kommune hat keine eigene Vorgabe, es gilt die eingebaute (120 Monate ab Abschluss, B)' }),
    updatedAt: NullableTimestamp,
    updatedBy: Type.Union([Type.String(), Type.Null()]),
  }),
  services: Type.Array(Type.Object({
    serviceId: Type.String({ format: 'uuid' }),
    serviceName: Type.String(),
    rule: Type.Union([RuleSchema, Type.Null()], { description: 'null: es gilt die Vorgabe der Kommune' }),
    updatedAt: NullableTimestamp,
    updatedBy: Type.Union([Type.String(), Type.Null()]),
  })),
});

export const HoldSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  reason: Type.String(),
  setByName: Type.String(),
  setAt: Timestamp,
  releasedByName: Type.Union([Type.String(), Type.Null()]),
  releasedAt: NullableTimestamp,
  releaseReason: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
});

export const CaseRetentionSchema = Type.Object({
  rule: RuleSchema,
  ruleSource: Type.Unsafe<'service' | 'tenant' | 'built_in'>({ type: 'string', enum: ['service', 'tenant', 'built_in'], description: 'Woher die Regel kommt' }),
  periodStartedAt: Type.Union([Timestamp, Type.Null()], { description: 'Beginn der Frist; null: der Vorgang ist nicht abgeschlossen' }),
  dueAt: Type.Union([Timestamp, Type.Null()], { description: 'Fällig zur Aussonderung ab; null: die Frist läuft noch nicht' }),
  onHold: Type.Boolean(),
  holds: Type.Array(HoldSchema),
  canManageHolds: Type.Boolean({ description: 'Darf die anfragende Person Sperren setzen und aufheben' }),
});

export const ReasonBody = Type.Object(
  { reason: Type.String({ maxLength: 1000, description: 'Grund (z. B. „Klageverfahren VG, Az. …“)' }) },
  { additionalProperties: false },
);

export const HoldCreated = Type.Object({ holdId: Type.String({ format: 'uuid' }) });

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'JJJJ-MM-TT' });

export const AccessLogQuery = Type.Object(
  {
    actorId: Type.Optional(Uuid('Nur Zugriffe dieser Person (oder dieses API-Schlüssels)')),
    caseNumber: Type.Optional(Type.String({ maxLength: 100, description: 'Nur Zugriffe auf diesen Vorgang (Aktenzeichen)' })),
    from: Type.Optional(IsoDate),
    to: Type.Optional(IsoDate),
    before: Type.Optional(Type.String({ pattern: '^\\d{1,19}$', description: 'Weiterblättern: die id des letzten Eintrags der vorigen Seite' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const AccessLogPage = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.String(),
    at: Timestamp,
    actor: Type.Object({ kind: Type.String(), id: Type.String({ format: 'uuid' }), name: Type.String() }),
    caseId: Type.String({ format: 'uuid' }),
    caseNumber: Type.String(),
    action: Type.String({ description: 'case_opened, attachment_downloaded, decision_previewed, letter_downloaded, exported, printed, register_queried' }),
    objectId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    legalBasis: Type.Optional(Type.String({ description: 'register_queried: die angegebene Rechtsgrundlage' })),
    purpose: Type.Optional(Type.String({ description: 'register_queried: der angegebene Zweck' })),
  })),
  actors: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }), { description: 'Alle Personen und Schlüssel im Protokoll (für die Auswahl)' }),
  nextBefore: Type.Union([Type.String(), Type.Null()]),
});
