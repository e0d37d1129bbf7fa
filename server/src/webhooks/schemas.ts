import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../shared/ids.js';
import { EventEnvelopeSchema } from './envelope.js';

const Id = Type.String({ pattern: UUID_PATTERN });
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const IdParams = Type.Object({ id: Id });

export const FeedQuery = Type.Object({
  after: Type.String({ pattern: '^[0-9]{1,18}$', default: '0', description: 'Cursor: `sequence` des zuletzt verarbeiteten Ereignisses (oder `nextCursor` der vorigen Seite); 0 = von Anfang an' }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
});
export const FeedPage = Type.Object({
  items: Type.Array(EventEnvelopeSchema),
  nextCursor: Type.String({ description: 'Für die nächste Abfrage als `after`' }),
  hasMore: Type.Boolean({ description: 'true: Es liegen sofort weitere Ereignisse vor' }),
});

export const BreakerStateSchema = Type.Union([Type.Literal('closed'), Type.Literal('open'), Type.Literal('half_open')]);

export const WebhookEndpoint = Type.Object({
  id: Id,
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String()),
  owner: Type.Union([Type.Object({ kind: Type.Literal('client'), id: Id }), Type.Null()]),
  active: Type.Boolean(),
  breaker: Type.Object({
    state: BreakerStateSchema,
    consecutiveFailures: Type.Integer(),
    openedAt: NullableTimestamp,
    nextProbeAt: NullableTimestamp,
    lastFailure: Type.Union([Type.String(), Type.Null()]),
    lastSuccessAt: NullableTimestamp,
  }, { description: 'Schutzschalter: closed = normal, open = Zustellung pausiert bis nextProbeAt, half_open = Probezustellung läuft' }),
  createdAt: Timestamp,
});
export const WebhookEndpointList = Type.Object({ items: Type.Array(WebhookEndpoint) });

export const CreateEndpointBody = Type.Object({
  url: Type.String({ minLength: 1, maxLength: 2000, description: 'Empfänger-URL (https; http nur für freigegebene interne Ziele)' }),
  eventTypes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    minItems: 1, maxItems: 50, description: 'Typen aus dem Ereigniskatalog, z. B. "case.created"; "*" abonniert alle',
  }),
  description: Type.Optional(Type.String({ maxLength: 200 })),
}, { additionalProperties: false });
export const CreatedEndpoint = Type.Intersect([
  WebhookEndpoint,
  Type.Object({ secret: Type.String({ description: 'Signaturschlüssel nach Standard Webhooks (whsec_…); wird nur jetzt einmal angezeigt' }) }),
]);

export const DeliveryStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]);
export const DeliveryQuery = Type.Object({
  status: Type.Optional(DeliveryStatusSchema),
  endpointId: Type.Optional(Id),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Id),
});
export const WebhookDelivery = Type.Object({
  id: Id,
  endpointId: Id,
  eventId: Id,
  eventType: Type.String(),
  sequence: Type.Integer(),
  status: DeliveryStatusSchema,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  nextAttemptAt: Timestamp,
  deliveredAt: NullableTimestamp,
});
export const WebhookDeliveryList = Type.Object({ items: Type.Array(WebhookDelivery), nextCursor: Type.Union([Id, Type.Null()]) });
