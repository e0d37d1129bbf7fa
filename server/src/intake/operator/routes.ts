import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { requireOperator } from '../../auth/principal.js';
import { recordOperatorAction } from '../../auth/operator-audit.js';
import { AppError } from '../../shared/errors.js';
import { UUID_PATTERN } from '../../shared/ids.js';
import { createPlatformIntakeToken, revokePlatformIntakeToken } from '../sender-auth.js';
import { listParked, type UnroutedRecord } from '../unrouted-repository.js';
import { rejectParked, routeParked } from './service.js';

const TAGS = ['Plattform'];
const security = [{ session: [] }];
const IdParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) });

const Parked = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  transactionId: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: 'pending | routed | rejected' }),
  kind: Type.String({ description: 'unrouted: keine Kommune gefunden; failed: Einreichung fehlerhaft (z. B. Entschlüsselung, Hashwert)' }),
  reasonCode: Type.String(),
  reason: Type.String(),
  routingHints: Type.Object({
    authority: Type.Optional(Type.String()),
    orgUnit: Type.Optional(Type.String()),
    leikaKeys: Type.Optional(Type.Array(Type.String())),
  }),
  receivedAt: Type.String({ format: 'date-time' }),
  resolution: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});

/** Only routing facts leave the platform table; the application content stays hidden from operators. */
const present = (r: UnroutedRecord) => {
  const hints = r.routingHints as { authority?: string; orgUnit?: string; leikaKeys?: string[] };
  return {
    id: r.id, channel: r.channel, transactionId: r.transactionId, status: r.status, kind: r.kind, reasonCode: r.reasonCode, reason: r.reason,
    routingHints: { authority: hints.authority, orgUnit: hints.orgUnit, leikaKeys: hints.leikaKeys },
    receivedAt: r.receivedAt.toISOString(), resolution: r.resolution,
  };
};

/** Operator view of the unrouted/failed queue, and the platform-wide intake tokens. */
export async function intakeOperatorRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/platform/intake/unrouted',
    { config: { permission: 'platform.operate' },
      schema: {
        tags: TAGS, summary: 'Nicht zugeordnete und fehlgeschlagene Einreichungen', security,
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('routed'), Type.Literal('rejected')])), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }),
        response: { 200: Type.Object({ items: Type.Array(Parked) }) },
      },
    },
    async (request) => {
      requireOperator(request.principal);
      return { items: (await listParked(deps.db, request.query.status ?? 'pending', request.query.limit ?? 100)).map(present) };
    },
  );

  app.post(
    '/platform/intake/unrouted/:id/route',
    { config: { permission: 'platform.operate' },
      schema: {
        tags: TAGS, summary: 'Einreichung einer Kommune zuordnen (legt den Vorgang dort an)', security, params: IdParams,
        body: Type.Object({ tenantSlug: Type.String({ minLength: 1, maxLength: 100 }), orgUnitId: Type.Optional(Type.String({ maxLength: 100 })), serviceKey: Type.Optional(Type.String({ pattern: '^[0-9]{14}$' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.String(), status: Type.Literal('routed'), tenant: Type.String(), caseId: Type.String(), caseNumber: Type.String() }) },
      },
    },
    async (request) => {
      const operator = requireOperator(request.principal);
      const routed = await routeParked(deps.db, operator, request.params.id, request.body);
      await recordOperatorAction(deps.db, { operator, action: 'submission.routed', subjectId: routed.id, detail: { tenant: routed.tenant, caseNumber: routed.caseNumber } });
      return routed;
    },
  );

  app.post(
    '/platform/intake/unrouted/:id/reject',
    { config: { permission: 'platform.operate' },
      schema: {
        tags: TAGS, summary: 'Einreichung ablehnen', security, params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.String(), status: Type.Literal('rejected') }) },
      },
    },
    async (request) => {
      const operator = requireOperator(request.principal);
      const rejected = await rejectParked(deps.db, operator, request.params.id, request.body.reason);
      await recordOperatorAction(deps.db, { operator, action: 'submission.rejected', subjectId: rejected.id, detail: { reason: request.body.reason } });
      return rejected;
    },
  );

  app.post(
    '/platform/intake/tokens',
    { config: { permission: 'platform.operate' },
      schema: {
        tags: TAGS, summary: 'Plattformweiten Eingangs-Zugang für einen Formularserver anlegen (Schlüssel wird einmal angezeigt)', security,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), token: Type.String() }) },
      },
    },
    async (request, reply) => {
      const operator = requireOperator(request.principal);
      const created = await createPlatformIntakeToken(deps.db, request.body.name);
      await recordOperatorAction(deps.db, { operator, action: 'intake_token.created', subjectId: created.id, detail: { name: request.body.name } });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/platform/intake/tokens/:id',
    { config: { permission: 'platform.operate' }, schema: { tags: TAGS, summary: 'Plattformweiten Eingangs-Zugang widerrufen', security, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const operator = requireOperator(request.principal);
      if (!(await revokePlatformIntakeToken(deps.db, request.params.id))) throw new AppError('not_found', { detail: 'Der Zugang wurde nicht gefunden.' });
      await recordOperatorAction(deps.db, { operator, action: 'intake_token.revoked', subjectId: request.params.id });
      return reply.status(204).send(null);
    },
  );
}
