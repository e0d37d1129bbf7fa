import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../shared/ids.js';
import { literalUnion } from '../auth/schemas.js';

const Uuid = (description: string) => Type.String({ pattern: UUID_PATTERN, description });
const Timestamp = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Enum = <T extends string>(values: readonly T[], description: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });

export const TARGET_KINDS = ['dms', 'authority', 'archive'] as const;
export const TRANSPORTS = ['directory', 'http'] as const;
export const CASE_STATES = [
  'pending', 'sent', 'received', 'imported', 'refused', 'offered_pending', 'offered', 'archive', 'destroy', 'transfer_pending', 'transferred', 'archived',
] as const;

export const CaseParams = Type.Object({ caseId: Uuid('ID des Vorgangs') });
export const ProcessParams = Type.Object({ processRowId: Uuid('ID des xdomea-Verfahrens') });
export const TargetParams = Type.Object({ targetId: Uuid('ID des Ziels') });

export const HandoverBody = Type.Object({
  targetId: Uuid('Ziel der Abgabe (E-Akte/DMS oder Behörde)'),
  lead: Type.Boolean({ description: 'Federführend abgeben: der Vorgang ist danach hier schreibgeschützt (sofern die Kommune es nicht anders eingestellt hat)' }),
}, { additionalProperties: false });

export const ProcessCase = Type.Object({
  caseId: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  state: Enum(CASE_STATES, 'Stand des Vorgangs in diesem Verfahren'),
  reference: Type.Union([Type.String(), Type.Null()], { description: 'Kennzeichen beim Empfänger (nach dem Import)' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'Begründung des Empfängers bei einer Ablehnung' }),
  updatedAt: Timestamp,
});

export const ProcessMessage = Type.Object({
  direction: Enum(['out', 'in'] as const, 'out: von uns gesendet, in: vom Empfänger erhalten'),
  messageType: Type.String({ description: 'xdomea-Nachrichtentyp (0401 …, 0501 …)' }),
  fileName: Type.String(),
  state: Enum(['queued', 'sent', 'received'] as const, 'queued: wartet auf Versand, sent: übermittelt, received: erhalten'),
  createdAt: Timestamp,
  sentAt: Type.Union([Timestamp, Type.Null()]),
});

export const ProcessSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  processId: Type.String({ format: 'uuid', description: 'ProzessID der xdomea-Nachrichten' }),
  kind: Enum(['handover', 'aussonderung'] as const, 'handover: Abgabe, aussonderung: Aussonderung an das Archiv'),
  state: Enum(['open', 'done'] as const, 'open: Antworten stehen aus, done: abgeschlossen'),
  lead: Type.Boolean(),
  target: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), kind: Enum(TARGET_KINDS, 'Art des Ziels') }),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'Warum die letzte Nachricht nicht gebaut oder übertragen werden konnte' }),
  startedBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  cases: Type.Array(ProcessCase),
});
export const ProcessDetail = Type.Object({ ...ProcessSummary.properties, messages: Type.Array(ProcessMessage) });
export const ProcessList = Type.Object({ items: Type.Array(ProcessSummary) });
export const CaseProcessList = Type.Object({ items: Type.Array(ProcessDetail) });
export const HandoverTargets = Type.Object({
  ready: Type.Boolean({ description: 'Die Behördenkennung der Kommune ist eingerichtet (sonst ist keine Abgabe möglich)' }),
  items: Type.Array(Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), kind: Enum(['dms', 'authority'] as const, 'dms: E-Akte/DMS, authority: andere Behörde') })),
});
export const StartedProcess = Type.Object({ id: Type.String({ format: 'uuid' }), processId: Type.String({ format: 'uuid' }) });

export const Settings = Type.Object({
  authorityId: NullableString,
  authorityName: NullableString,
  leadHandoverReadOnly: Type.Boolean({ description: 'Federführend abgegebene Vorgänge sind danach schreibgeschützt' }),
});
export const SettingsBody = Type.Object({
  authorityId: Type.String({ minLength: 1, maxLength: 100, description: 'Behördenkennung der Kommune' }),
  authorityName: Type.String({ minLength: 1, maxLength: 200, description: 'Name der Behörde, wie er in den Nachrichten steht' }),
  leadHandoverReadOnly: Type.Boolean(),
}, { additionalProperties: false });

export const Target = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Enum(TARGET_KINDS, 'dms: E-Akte/DMS, authority: andere Behörde, archive: zuständiges Archiv'),
  transport: Enum(TRANSPORTS, 'directory: Übergabeverzeichnis, http: HTTP(S)-POST'),
  name: Type.String(),
  authorityId: Type.String({ description: 'Behördenkennung des Ziels' }),
  config: Type.Object({
    directory: Type.Optional(Type.String()), url: Type.Optional(Type.String()), pollUrl: Type.Optional(Type.String()),
  }),
  hasSharedSecret: Type.Boolean({ description: 'Ein gemeinsamer Schlüssel für die Signatur ist hinterlegt (er wird nie angezeigt)' }),
  active: Type.Boolean(),
});
export const TargetList = Type.Object({ items: Type.Array(Target) });
export const TargetBody = Type.Object({
  kind: literalUnion(TARGET_KINDS),
  transport: literalUnion(TRANSPORTS),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  authorityId: Type.String({ minLength: 1, maxLength: 100 }),
  config: Type.Object({
    directory: Type.Optional(Type.String({ maxLength: 300, description: 'Übergabeverzeichnis, relativ zum vom Betrieb freigegebenen Verzeichnis' })),
    url: Type.Optional(Type.String({ maxLength: 2000 })),
    pollUrl: Type.Optional(Type.String({ maxLength: 2000 })),
  }, { additionalProperties: false }),
  sharedSecret: Type.Optional(Type.String({ minLength: 32, maxLength: 200, description: 'Gemeinsamer Schlüssel für die HMAC-Signatur (nur HTTP; leer lassen: bisheriger bleibt)' })),
  active: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
