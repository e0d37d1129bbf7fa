import { Type, type Static } from '@sinclair/typebox';
import { UUID_PATTERN } from '../shared/ids.js';
import { ProcessorCheckSchema, SuggestionSchema, ExtractedValue } from './protocol.js';

const Id = Type.String({ pattern: UUID_PATTERN });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ServiceParams = Type.Object({ serviceId: Id });
export const IdParams = Type.Object({ id: Id });
export const CaseParams = Type.Object({ id: Id });
export const RunParams = Type.Object({ id: Id, runId: Id });

export const RuleSchema = Type.Object({
  field: Type.String({ minLength: 1, maxLength: 1000, description: 'Pfad aus Feldnamen des Formulars, z. B. antragsteller.geburtsdatum' }),
  label: Type.Optional(Type.String({ maxLength: 200 })),
  required: Type.Optional(Type.Boolean()),
  format: Type.Optional(Type.Union([Type.Literal('postal_code'), Type.Literal('email'), Type.Literal('iban'), Type.Literal('phone'), Type.Literal('date')], { description: 'postal_code, email, iban, phone oder date' })),
  pattern: Type.Optional(Type.String({ maxLength: 1000, description: 'Regulärer Ausdruck (höchstens 200 Zeichen, keine verschachtelten Wiederholungen)' })),
  minDate: Type.Optional(Type.String({ maxLength: 20, description: 'JJJJ-MM-TT oder today' })),
  maxDate: Type.Optional(Type.String({ maxLength: 20, description: 'JJJJ-MM-TT oder today' })),
  severity: Type.Optional(Type.Union([Type.Literal('error'), Type.Literal('warning')])),
  message: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });

export const ProcessorBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  kind: Type.Union([Type.Literal('http'), Type.Literal('plausibility')], { description: 'http = externer Prüfdienst, plausibility = eingebaute Plausibilitätsprüfung' }),
  url: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'http: Adresse des Prüfdienstes (https; http nur für freigegebene interne Ziele)' })),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60000, default: 10000 })),
  rules: Type.Optional(Type.Array(RuleSchema, { maxItems: 100 })),
  autoApply: Type.Optional(Type.Boolean({ description: 'Vorschläge (annehmen, weiterleiten) ohne Person übernehmen; ein Ereignis im Verlauf hält es fest' })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
export type ProcessorInput = Static<typeof ProcessorBody>;

export const Processor = Type.Object({
  id: Id, serviceId: Id, name: Type.String(), kind: Type.Union([Type.Literal('http'), Type.Literal('plausibility')]),
  url: Nullable(Type.String()), timeoutMs: Type.Integer(), rules: Type.Array(RuleSchema), autoApply: Type.Boolean(), active: Type.Boolean(),
  createdAt: Timestamp, updatedAt: Timestamp,
});
export const ProcessorList = Type.Object({ items: Type.Array(Processor) });
export const CreatedProcessor = Type.Intersect([
  Processor,
  Type.Object({ secret: Nullable(Type.String({ description: 'http: Signaturschlüssel (Standard Webhooks, whsec_…); wird nur jetzt einmal angezeigt' })) }),
]);

export const ProcessorRun = Type.Object({
  id: Id,
  processor: Type.Object({ id: Id, name: Type.String(), kind: Type.String() }),
  trigger: Type.Union([Type.Literal('case_created'), Type.Literal('manual')]),
  startedBy: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('done'), Type.Literal('failed')], { description: 'pending = läuft oder wird wiederholt, done = Ergebnis liegt vor, failed = aufgegeben' }),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  checks: Type.Array(ProcessorCheckSchema, { description: 'Nach Schwere sortiert: nicht bestandene zuerst, dann Fehler, Warnung, Hinweis' }),
  extracted: Type.Record(Type.String(), ExtractedValue),
  suggestion: Type.Union([SuggestionSchema, Type.Null()]),
  suggestedOrgUnitName: Nullable(Type.String({ description: 'Name der vorgeschlagenen Organisationseinheit (Weiterleitung), falls es sie in der Kommune gibt' })),
  suggestionState: Type.Union([Type.Literal('none'), Type.Literal('open'), Type.Literal('applied'), Type.Literal('dismissed')]),
  suggestionNote: Nullable(Type.String()),
  appliedBy: Nullable(Type.String()),
  appliedAt: Nullable(Timestamp),
  appliedAutomatically: Type.Boolean({ description: 'true: der Prüfdienst hat den Vorschlag selbst übernommen (automatische Übernahme der Leistung)' }),
  createdAt: Timestamp,
  finishedAt: Nullable(Timestamp),
});
export const ProcessorRunList = Type.Object({ items: Type.Array(ProcessorRun) });
export const StartRunsBody = Type.Object({ processorId: Type.Optional(Id) }, { additionalProperties: false });
export const StartedRuns = Type.Object({ runIds: Type.Array(Id) });
export const ApplyBody = Type.Object({ version: Type.Integer({ minimum: 1, description: 'Version des Vorgangs (optimistische Sperre)' }) }, { additionalProperties: false });
