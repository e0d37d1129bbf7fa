import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { catalogueEntryOf, EVENT_CATALOGUE, type CatalogueEntry } from './catalogue.js';

/** The chain row fields an event is made from. */
export interface ChainEventRow {
  id: string;
  tenant_id: string;
  seq: number | string;
  case_id: string | null;
  type: string;
  actor_kind: string;
  actor_id: string | null;
  data: unknown;
  occurred_at: Date | string;
}

const envelopeFields = (type: TSchema, version: TSchema, data: TSchema) => ({
  id: Type.String({ format: 'uuid', description: 'Kennung des Ereignisses; gleich in Webhook (webhook-id) und Feed, bei jeder Wiederholung' }),
  type,
  version,
  sequence: Type.Integer({ minimum: 1, description: 'Laufende Nummer des Ereignisses in der Kommune (lückenlos nach Commit-Reihenfolge; Cursor des Feeds)' }),
  occurredAt: Type.String({ format: 'date-time' }),
  tenantId: Type.String({ format: 'uuid' }),
  caseId: Type.String({ format: 'uuid' }),
  actor: Type.Object({
    kind: Type.String({ description: 'user, token, client, system, applicant, participant, operator' }),
    id: Type.Union([Type.String(), Type.Null()], { description: 'Kennung der handelnden Person oder Anwendung (bei Antragstellenden nie)' }),
  }),
  data,
});

/** The generic envelope, as the feed answers it (`data` per type: components/schemas in the OpenAPI document). */
export const EventEnvelopeSchema = Type.Object(envelopeFields(Type.String(), Type.Integer({ minimum: 1 }), Type.Object({}, { additionalProperties: true })), {
  description: 'Ein Ereignis des Ereigniskatalogs (Umschlag; `data` je Typ und Version, siehe Webhooks im OpenAPI-Dokument)',
});
export type EventEnvelope = Static<typeof EventEnvelopeSchema>;

/** The JSON Schema of one catalogue event (published in the OpenAPI document). */
export function eventSchemaOf(entry: CatalogueEntry) {
  return Type.Object(envelopeFields(Type.Literal(entry.type), Type.Literal(entry.version), entry.data), { description: entry.summary });
}

/** PascalCase name of a catalogue event's schema, e.g. case.status_changed v1 → CaseStatusChangedV1Event. */
export function schemaNameOf(entry: CatalogueEntry): string {
  const words = entry.type.split(/[._]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return `${words.join('')}V${entry.version}Event`;
}

/** The catalogue event of a chain row, or null when the row is not a catalogue event. */
export function envelopeOf(row: ChainEventRow): EventEnvelope | null {
  const entry = catalogueEntryOf(row.type);
  if (!entry || !row.case_id) return null;
  const data = row.data && typeof row.data === 'object' ? (row.data as Record<string, unknown>) : {};
  return {
    id: row.id,
    type: entry.type,
    version: entry.version,
    sequence: Number(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    tenantId: row.tenant_id,
    caseId: row.case_id,
    // An applicant's id would link events to a person: only staff and machines are named (by id).
    actor: { kind: row.actor_kind, id: row.actor_kind === 'applicant' || row.actor_kind === 'participant' ? null : row.actor_id },
    data: entry.dataOf(data),
  };
}

/** components.schemas and the webhooks section of the OpenAPI document (main/app.ts). */
export function eventCatalogueOpenApi() {
  const schemas: Record<string, unknown> = {};
  const webhooks: Record<string, unknown> = {};
  for (const entry of EVENT_CATALOGUE) {
    const name = schemaNameOf(entry);
    schemas[name] = eventSchemaOf(entry);
    webhooks[`${entry.type}.v${entry.version}`] = {
      post: {
        summary: entry.summary,
        description: 'Signiert nach Standard Webhooks: Kopfzeilen webhook-id, webhook-timestamp, webhook-signature (v1,<Base64 HMAC-SHA256 über „id.timestamp.body“> mit dem whsec_-Schlüssel des Endpunkts). Zustellung mindestens einmal, je Vorgang in Reihenfolge. Siehe docs/integration.md.',
        parameters: ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => ({ name: h, in: 'header', required: true, schema: { type: 'string' } })),
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
        responses: { '2XX': { description: 'Empfangen. Jede andere Antwort (oder keine innerhalb von 10 s) gilt als Fehlschlag und wird wiederholt.' } },
      },
    };
  }
  return { schemas, webhooks };
}
