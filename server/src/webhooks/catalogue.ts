import { Type, type TObject, type TProperties } from '@sinclair/typebox';

/**
 * The versioned event catalogue (issue #17, item 3; decision 0025). A catalogue event is a view of
 * one entry of the tenant's hash chain (case_events): the same id, the same per-tenant sequence.
 * Webhooks and the feed (GET /api/events) carry the same envelope.
 *
 * Payloads carry ids and metadata only, never personal data: no names (of applicants or staff), no
 * subjects, no form values, no free-text reasons. A consumer that needs more reads the case through
 * the API with its own permissions, so the access is checked and logged there.
 *
 * A new version of an event is a new entry with `version + 1` (both are kept while consumers move);
 * a field added to `data` is not a new version, a field removed or changed in meaning is.
 * Migration 0049's webhook_event_type() maps the same chain types; catalogue.test.ts compares them.
 */

const Uuid = Type.String({ format: 'uuid' });
const NullableUuid = Type.Union([Uuid, Type.Null()]);

type DataOf = (data: Record<string, unknown>) => Record<string, unknown>;

export interface CatalogueEntry {
  type: string;
  version: number;
  /** German description for the OpenAPI document. */
  summary: string;
  /** The chain event types (events/types.ts) this event is made from. */
  sources: readonly string[];
  data: TObject<TProperties>;
  /** The minimal payload from the chain event's data (which may be tombstoned after a purge: all optional). */
  dataOf: DataOf;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const idOf = (v: unknown): string | null => (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null);
const fromTo = (v: unknown): { from?: unknown; to?: unknown } => (v && typeof v === 'object' ? (v as { from?: unknown; to?: unknown }) : {});
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

export const EVENT_CATALOGUE: readonly CatalogueEntry[] = [
  {
    type: 'case.created', version: 1, summary: 'Ein Vorgang wurde angelegt (Eingang eines Antrags oder Anlage im Arbeitsplatz).',
    sources: ['case.created'],
    data: Type.Object({
      caseNumber: Type.Optional(Type.String({ description: 'Vorgangsnummer' })),
      channel: Type.Optional(Type.String({ description: 'Eingangskanal' })),
      status: Type.Optional(Type.String()),
      orgUnitId: Type.Optional(NullableUuid),
    }),
    dataOf: (d) => defined({ caseNumber: str(d.caseNumber), channel: str(d.channel), status: str(fromTo(d.status).to), orgUnitId: str(fromTo(d.orgUnit).to) }),
  },
  {
    type: 'case.changed', version: 1, summary: 'Daten des Vorgangs wurden geändert (Antragstellerdaten neu zugeordnet oder berichtigt).',
    sources: ['case.applicant_remapped', 'case.applicant_corrected'],
    data: Type.Object({ fields: Type.Optional(Type.Array(Type.String(), { description: 'Namen der geänderten Felder (keine Werte)' })) }),
    dataOf: (d) => {
      const fields = Array.isArray(d.fields) ? d.fields.filter((f): f is string => typeof f === 'string') : str(d.field) ? [d.field as string] : undefined;
      return defined({ fields });
    },
  },
  {
    type: 'case.assigned', version: 1, summary: 'Der Vorgang wurde zugewiesen, übernommen oder die Zuweisung aufgehoben.',
    sources: ['case.assigned'],
    data: Type.Object({ assigneeId: Type.Optional(NullableUuid), previousAssigneeId: Type.Optional(NullableUuid) }),
    dataOf: (d) => {
      const a = fromTo(d.assignee);
      return 'assignee' in d ? { assigneeId: idOf(a.to), previousAssigneeId: idOf(a.from) } : {};
    },
  },
  {
    type: 'case.status_changed', version: 1, summary: 'Der Status des Vorgangs hat sich geändert.',
    sources: ['case.status_changed'],
    data: Type.Object({
      from: Type.Optional(Type.String()), to: Type.Optional(Type.String()),
      orgUnitId: Type.Optional(Uuid), decisionId: Type.Optional(Uuid),
    }),
    dataOf: (d) => defined({
      from: str(fromTo(d.status).from), to: str(fromTo(d.status).to),
      orgUnitId: idOf(fromTo(d.orgUnit).to) ?? undefined, decisionId: str(fromTo(d.decision).to),
    }),
  },
  {
    type: 'message.received', version: 1, summary: 'Eine Nachricht der Antragstellerin / des Antragstellers ist eingegangen.',
    sources: ['message.received'],
    data: Type.Object({ messageId: Type.Optional(Uuid), channel: Type.Optional(Type.String()), attachmentCount: Type.Optional(Type.Integer()) }),
    dataOf: (d) => defined({ messageId: str(d.messageId), channel: str(d.channel), attachmentCount: Array.isArray(d.attachments) ? d.attachments.length : undefined }),
  },
  {
    type: 'decision.released', version: 1, summary: 'Ein Bescheid wurde freigegeben.',
    sources: ['decision.released'],
    data: Type.Object({ decisionId: Type.Optional(Uuid), kind: Type.Optional(Type.String()) }),
    dataOf: (d) => defined({ decisionId: str(d.decisionId), kind: str(d.kind) }),
  },
  {
    type: 'decision.sent', version: 1, summary: 'Ein Bescheid wurde an die Antragstellerin / den Antragsteller versandt.',
    sources: ['decision.sent'],
    data: Type.Object({ decisionId: Type.Optional(Uuid), kind: Type.Optional(Type.String()), messageId: Type.Optional(Uuid) }),
    dataOf: (d) => defined({ decisionId: str(d.decisionId), kind: str(d.kind), messageId: str(d.messageId) }),
  },
  {
    type: 'case.handed_over', version: 1, summary: 'Der Vorgang wurde an ein Fachverfahren übergeben.',
    sources: ['case.handed_over'],
    data: Type.Object({ clientId: Type.Optional(Uuid) }),
    dataOf: (d) => defined({ clientId: str(d.clientId) ?? idOf(d.client) ?? undefined }),
  },
  {
    type: 'case.deleted', version: 1, summary: 'Die Daten des Vorgangs wurden gelöscht (Aussonderung oder Löschung nach Art. 17 DSGVO).',
    sources: ['case.purged'],
    data: Type.Object({}),
    dataOf: () => ({}),
  },
];

export const CATALOGUE_TYPES = EVENT_CATALOGUE.map((e) => e.type);

const BY_SOURCE = new Map(EVENT_CATALOGUE.flatMap((e) => e.sources.map((s) => [s, e] as const)));

/** The chain types that appear in the feed. */
export const SOURCE_TYPES = [...BY_SOURCE.keys()];

export function catalogueEntryOf(chainType: string): CatalogueEntry | undefined {
  return BY_SOURCE.get(chainType);
}

export function isSubscribableType(type: string): boolean {
  return type === '*' || CATALOGUE_TYPES.includes(type);
}
