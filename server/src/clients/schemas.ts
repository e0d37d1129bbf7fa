import { Type } from '@sinclair/typebox';
import { CLIENT_SCOPES } from '../auth/permissions/catalog.js';
import { UUID_PATTERN } from '../shared/ids.js';
import { literalUnion } from '../auth/schemas.js';

const Uuid = () => Type.String({ format: 'uuid' });
const UuidInput = Type.String({ pattern: UUID_PATTERN });
const DateTime = Type.String({ format: 'date-time' });

export const ClientScopeSchema = literalUnion(CLIENT_SCOPES);
export const NewCasesToSchema = literalUnion(['desk', 'fachverfahren', 'both'] as const);

export const ClientView = Type.Object({
  id: Uuid(),
  clientId: Type.String({ description: 'Öffentliche Client-Kennung für den Token-Endpunkt / public OAuth2 client_id' }),
  name: Type.String(),
  scopes: Type.Array(ClientScopeSchema),
  serviceIds: Type.Array(Uuid()),
  webhookUrl: Type.Union([Type.String(), Type.Null()]),
  createdAt: DateTime,
  secretRotatedAt: DateTime,
  revokedAt: Type.Union([DateTime, Type.Null()]),
});

export const ClientWithSecret = Type.Object({
  client: ClientView,
  clientSecret: Type.String({ description: 'Wird nur dieses eine Mal angezeigt / shown this once only' }),
});

export const ClientBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'z. B. „Gewerberegister Musterstadt“' }),
  scopes: Type.Array(ClientScopeSchema, { minItems: 1, maxItems: CLIENT_SCOPES.length, uniqueItems: true }),
  serviceIds: Type.Array(UuidInput, { maxItems: 500, description: 'Die Leistungen, deren Vorgänge das Fachverfahren sieht' }),
  webhookUrl: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], { description: 'HTTPS-Endpunkt für Ereignisse (SSRF-geprüft)' })),
}, { additionalProperties: false });

export const ClientParams = Type.Object({ id: UuidInput });
export const ServiceParams = Type.Object({ serviceId: UuidInput });

export const RoutingView = Type.Object({
  serviceId: Uuid(),
  serviceName: Type.String(),
  newCasesTo: NewCasesToSchema,
  clientId: Type.Union([Uuid(), Type.Null()]),
});

export const RoutingBody = Type.Object({
  newCasesTo: NewCasesToSchema,
  clientId: Type.Optional(Type.Union([UuidInput, Type.Null()])),
}, { additionalProperties: false });

export const HandoverBody = Type.Object({
  version: Type.Integer({ minimum: 1, description: 'Die gelesene Version des Vorgangs (optimistische Sperre) / the version read' }),
  clientId: Type.Optional(UuidInput),
  exclusive: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const ReturnBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
}, { additionalProperties: false });
