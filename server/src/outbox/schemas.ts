import { Type } from '@sinclair/typebox';
import { UUID_PATTERN } from '../shared/ids.js';

const Id = Type.String({ pattern: UUID_PATTERN });
const Timestamp = Type.String({ format: 'date-time' });

export const IdParams = Type.Object({ id: Id });

export const Webhook = Type.Object({
  id: Id,
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Timestamp,
});
export const WebhookList = Type.Object({ items: Type.Array(Webhook) });
export const CreateWebhookBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'Empfänger-URL (http oder https).' }),
    eventTypes: Type.Array(Type.String({ pattern: '^(\\*|[a-z][a-z0-9_.-]{0,99})$' }), {
      minItems: 1,
      maxItems: 50,
      description: 'Ereignistypen, z. B. "case.created"; "*" abonniert alle.',
    }),
  },
  { additionalProperties: false },
);
export const CreatedWebhook = Type.Intersect([
  Webhook,
  Type.Object({ secret: Type.String({ description: 'Signaturschlüssel (HMAC-SHA256); wird nur jetzt einmal angezeigt.' }) }),
]);

export const OutboxStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')]);
export const OutboxQuery = Type.Object({
  status: Type.Optional(OutboxStatusSchema),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Id),
});
export const OutboxMessage = Type.Object({
  id: Id,
  kind: Type.String(),
  status: OutboxStatusSchema,
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  nextAttemptAt: Timestamp,
  deliveredAt: Type.Union([Timestamp, Type.Null()]),
});
export const OutboxList = Type.Object({ items: Type.Array(OutboxMessage), nextCursor: Type.Union([Id, Type.Null()]) });

export const DeadLetterQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) });
export const DEAD_LETTER_ERROR_CLASSES = ['rejected', 'remote_error', 'unreachable', 'configuration', 'gone', 'unknown_kind', 'other'] as const;
export type DeadLetterErrorClass = (typeof DEAD_LETTER_ERROR_CLASSES)[number];
export const DeadLetter = Type.Object({
  id: Id,
  tenantId: Id,
  tenantSlug: Type.String(),
  tenantName: Type.String(),
  kind: Type.String(),
  attempts: Type.Integer(),
  errorClass: Type.Unsafe<DeadLetterErrorClass>({
    type: 'string',
    enum: [...DEAD_LETTER_ERROR_CLASSES],
    description: 'rejected: Gegenstelle lehnt ab (4xx); remote_error: Fehler der Gegenstelle (5xx); unreachable: nicht erreichbar; configuration: Anbindung unvollständig; gone: Bezug existiert nicht mehr',
  }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export const DeadLetterList = Type.Object({ items: Type.Array(DeadLetter) });
