import { Type } from '@sinclair/typebox';
import { OPERATOR_ACTIONS, type OperatorAction } from '../auth/operator-audit.js';
import { UUID_PATTERN } from '../shared/ids.js';

const Id = Type.String({ pattern: UUID_PATTERN });
const Timestamp = Type.String({ format: 'date-time' });
const Action = Type.Unsafe<OperatorAction>({ type: 'string', enum: [...OPERATOR_ACTIONS] });

export const IdParams = Type.Object({ id: Id });

export const TenantOverviewQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Teil des Namens, des Kürzels oder Anfang des AGS' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  after: Type.Optional(Type.String({ maxLength: 600, description: 'nextCursor der vorigen Seite' })),
});

export const TenantActivity = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  ags: Type.String(),
  status: Type.String(),
  createdAt: Timestamp,
  cases: Type.Integer({ description: 'Vorgänge insgesamt (aus den Statuszählern)' }),
  lastIntakeAt: Type.Union([Timestamp, Type.Null()], { description: 'Eingang des jüngsten Vorgangs' }),
  storageBytes: Type.Union([Type.Integer(), Type.Null()], { description: 'Belegter Speicher der Dateien; null, solange noch nicht gemessen' }),
  files: Type.Union([Type.Integer(), Type.Null()]),
  usageMeasuredAt: Type.Union([Timestamp, Type.Null()], { description: 'Zeitpunkt der Speichermessung (stündlich)' }),
});
export const TenantOverviewPage = Type.Object({ items: Type.Array(TenantActivity), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const RenewedInvitation = Type.Object({
  tenantId: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  inviteLink: Type.String({ description: 'Neuer einmaliger Link (7 Tage gültig); der bisherige gilt nicht mehr' }),
});

export const RetriedDeadLetter = Type.Object({
  id: Id,
  tenantId: Id,
  kind: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
});

const Instance = Type.Object({
  id: Type.String(),
  role: Type.String({ description: 'web | worker' }),
  version: Type.String(),
  host: Type.String(),
  startedAt: Timestamp,
  lastSeenAt: Type.Union([Timestamp, Type.Null()], { description: 'letztes Lebenszeichen; null: diese Instanz meldet sich nicht (ohne Hintergrunddienste gestartet)' }),
  silentSeconds: Type.Union([Type.Integer(), Type.Null()], { description: 'Sekunden seit dem letzten Lebenszeichen' }),
  state: Type.Union([Type.Literal('running'), Type.Literal('silent')]),
  current: Type.Boolean({ description: 'die Instanz, die diese Anfrage beantwortet' }),
});
export const PlatformHealth = Type.Object({
  database: Type.Union([Type.Literal('ok'), Type.Literal('failed')]),
  version: Type.String(),
  instances: Type.Array(Instance),
});

export const OperatorAuditQuery = Type.Object({
  mine: Type.Optional(Type.Boolean({ description: 'nur eigene Handlungen' })),
  action: Type.Optional(Action),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  before: Type.Optional(Id),
});
export const OperatorAuditEntry = Type.Object({
  id: Type.String(),
  at: Timestamp,
  operatorId: Type.String(),
  operatorName: Type.String(),
  action: Action,
  tenantId: Type.Union([Type.String(), Type.Null()]),
  tenantName: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
});
export const OperatorAuditPage = Type.Object({ items: Type.Array(OperatorAuditEntry), nextCursor: Type.Union([Type.String(), Type.Null()]) });
