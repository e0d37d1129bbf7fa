import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../../shared/ids.js';

const Uuid = (description: string) => Type.String({ pattern: UUID_PATTERN, description });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'JJJJ-MM-TT' });
const Enum = <T extends string>(values: readonly T[], description: string) => Type.Unsafe<T>({ type: 'string', enum: [...values], description });

export const LIST_STATES = ['proposed', 'approved', 'confirmed'] as const;
export const ENTRY_STATES = ['included', 'removed', 'ordered'] as const;
export const ARCHIVE_STATES = ['not_required', 'awaiting', 'answered'] as const;
export const LOG_ACTIONS = ['proposed', 'removed', 'approved', 'confirmed', 'ordered', 'archive_answered'] as const;

export const ListParams = Type.Object({ listId: Uuid('ID der Aussonderungsliste') });
export const EntryParams = Type.Object({ listId: Uuid('ID der Aussonderungsliste'), caseId: Uuid('ID des Vorgangs') });
export const TakeOutBody = Type.Object(
  { reason: Type.String({ maxLength: 1000, description: 'Warum der Vorgang nicht vernichtet wird' }) },
  { additionalProperties: false },
);

const ListHead = {
  id: Type.String({ format: 'uuid' }),
  number: Type.Integer({ description: 'Laufende Nummer der Liste in der Kommune' }),
  state: Enum(LIST_STATES, 'proposed: vorgeschlagen, approved: freigegeben (erste Prüfung), confirmed: bestätigt (zweite Prüfung)'),
  asOf: Timestamp,
  proposedAt: Timestamp,
  approvedBy: NullableString,
  approvedAt: NullableTimestamp,
  confirmedBy: NullableString,
  confirmedAt: NullableTimestamp,
};

export const ListSummary = Type.Object({
  ...ListHead,
  counts: Type.Object({
    included: Type.Integer({ description: 'Noch auf der Liste (zu vernichten oder wartend)' }),
    waiting: Type.Integer({ description: 'Davon wartend auf die Antwort des Archivs (A/B)' }),
    removed: Type.Integer({ description: 'Herausgenommen' }),
    ordered: Type.Integer({ description: 'Löschung beauftragt' }),
  }),
});
export const ListOverview = Type.Object({ items: Type.Array(ListSummary) });

export const Entry = Type.Object({
  caseId: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  serviceName: Type.String(),
  appraisal: Enum(['A', 'B', 'V'] as const, 'Archivbewertung nach xdomea'),
  dueAt: Timestamp,
  state: Enum(ENTRY_STATES, 'included: auf der Liste, removed: herausgenommen, ordered: Löschung beauftragt'),
  archive: Enum(ARCHIVE_STATES, 'Archivangebot: not_required (V), awaiting (ausstehend), answered (beantwortet)'),
  waitingReason: Type.Union([Type.Literal('Archivangebot ausstehend'), Type.Null()], { description: 'Warum der Vorgang auf der Liste wartet' }),
  onHold: Type.Boolean({ description: 'Aktive Aufbewahrungssperre' }),
  removedReason: NullableString,
  removedBy: NullableString,
  removedAt: NullableTimestamp,
});

export const ListDetail = Type.Object({
  ...ListHead,
  entries: Type.Array(Entry),
  log: Type.Array(Type.Object({
    at: Timestamp, action: Enum(LOG_ACTIONS, 'Schritt'), actor: Type.String(), caseNumber: NullableString, reason: NullableString,
  })),
  canApprove: Type.Boolean({ description: 'Die anfragende Person kann die Liste jetzt freigeben' }),
  canConfirm: Type.Boolean({ description: 'Die anfragende Person kann die Liste jetzt bestätigen (nicht, wer sie freigegeben hat)' }),
});

export const ProtocolQuery = Type.Object(
  { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate), listId: Type.Optional(Uuid('Nur Löschungen dieser Aussonderungsliste')) },
  { additionalProperties: false },
);
export const ProtocolExportQuery = Type.Object(
  { ...ProtocolQuery.properties, format: Enum(['csv', 'pdf'] as const, 'Dateiformat') },
  { additionalProperties: false },
);

export const ProtocolPage = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.String({ format: 'uuid' }),
    caseNumber: Type.String(),
    serviceName: Type.String(),
    appraisal: Type.String(),
    caseClosedAt: NullableTimestamp,
    retentionDueAt: NullableTimestamp,
    listId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    listNumber: Type.Union([Type.Integer(), Type.Null()]),
    reason: Type.String(),
    approvedBy: Type.Array(Type.String()),
    purgedAt: Timestamp,
  })),
  truncated: Type.Boolean({ description: 'true: mehr als 1000 Einträge; die Datei-Exporte enthalten alle' }),
});
