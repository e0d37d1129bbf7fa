import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from '../cases/viewer.js';
import { inviteParticipant, listParticipants, requestStatement, revokeParticipant, setShare } from './service.js';
import { setServiceTrustLevel } from './applicant-view.js';
import {
  CaseParamsSchema, InviteBodySchema, ParticipantListSchema, ParticipantParamsSchema, ParticipantSchema, ServiceParamsSchema, ShareParamsSchema,
  StatementBodySchema, TrustLevelBodySchema, TrustLevelSchema,
} from './schemas.js';
import { participantPortalRoutes } from './portal-routes.js';

const tags = ['Antragsraum'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

/** The Antragsraum in the desk: participants of a case, what is shared with them, statements asked of them. */
export async function participantRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;
  await participantPortalRoutes(app, deps);

  app.get('/cases/:id/participants', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Beteiligte des Vorgangs mit Freigaben und Stellungnahmen', params: CaseParamsSchema, response: { 200: ParticipantListSchema } },
  }, async (request) => ({ items: await listParticipants(db, caseViewer(request), request.params.id) }));

  app.post('/cases/:id/participants', {
    config: { permission: 'participant.manage' },
    schema: { tags, security, summary: 'Person oder Stelle beteiligen (Einladung per E-Mail-Link oder Servicekonto)', params: CaseParamsSchema, body: InviteBodySchema, response: { 201: ParticipantSchema } },
  }, async (request, reply) => reply.status(201).send(await inviteParticipant(db, caseViewer(request), request.params.id, request.body, config.publicUrl)));

  app.delete('/cases/:id/participants/:participantId', {
    config: { permission: 'participant.manage' },
    schema: { tags, security, summary: 'Beteiligung beenden (danach sieht die Person nichts mehr)', params: ParticipantParamsSchema, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await revokeParticipant(db, caseViewer(request), request.params.id, request.params.participantId);
    return reply.status(204).send(null);
  });

  app.put('/cases/:id/participants/:participantId/shares/:itemKind/:itemId', {
    config: { permission: 'participant.manage' },
    schema: { tags, security, summary: 'Nachricht oder Dokument für die beteiligte Person freigeben', params: ShareParamsSchema, response: { 200: ParticipantSchema } },
  }, async (request) => {
    const { id, participantId, itemKind, itemId } = request.params;
    return setShare(db, caseViewer(request), id, participantId, { kind: itemKind, id: itemId }, true);
  });

  app.delete('/cases/:id/participants/:participantId/shares/:itemKind/:itemId', {
    config: { permission: 'participant.manage' },
    schema: { tags, security, summary: 'Freigabe einer Nachricht oder eines Dokuments zurücknehmen', params: ShareParamsSchema, response: { 200: ParticipantSchema } },
  }, async (request) => {
    const { id, participantId, itemKind, itemId } = request.params;
    return setShare(db, caseViewer(request), id, participantId, { kind: itemKind, id: itemId }, false);
  });

  app.put('/cases/:id/participants/:participantId/statement-request', {
    config: { permission: 'participant.manage' },
    schema: { tags, security, summary: 'Um eine Stellungnahme bis zu einem Tag bitten', params: ParticipantParamsSchema, body: StatementBodySchema, response: { 200: ParticipantSchema } },
  }, async (request) => requestStatement(db, caseViewer(request), request.params.id, request.params.participantId, request.body, config.publicUrl));

  app.put('/admin/services/:id/participant-trust-level', {
    config: { permission: 'tenant.admin' },
    schema: { tags: ['Administration'], security, summary: 'Mindest-Vertrauensniveau der Anmeldung Beteiligter je Leistung', params: ServiceParamsSchema, body: TrustLevelBodySchema, response: { 200: TrustLevelSchema } },
  }, async (request) => setServiceTrustLevel(db, caseViewer(request), request.params.id, request.body.level));
}
