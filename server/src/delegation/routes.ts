import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer, type Viewer } from '../cases/viewer.js';
import type { Database } from '../db/database.js';
import { acceptAgreement, proposeAgreement, revokeAgreement } from './agreements.js';
import { grantsOfCase, revokeShare, shareCase } from './grants.js';
import { agreementsWithNames, listDelegatedCases, namesOf } from './desk.js';
import { presentAgreement, presentGrant } from './presenter.js';
import type { AgreementRow } from './repository.js';
import {
  AcceptBodySchema, AgreementBodySchema, AgreementListSchema, AgreementParamsSchema, AgreementSchema, CaseParamsSchema,
  DelegatedCaseListSchema, DelegatedListQuerySchema, GrantListSchema, GrantParamsSchema, ShareBodySchema,
} from './schemas.js';

const tags = ['Zusammenarbeit'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

async function present(db: Database, viewer: Viewer, row: AgreementRow) {
  return presentAgreement(row, viewer, await namesOf(db, viewer, [row.proposer_tenant_id, row.acceptor_tenant_id]));
}

export async function delegationRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;

  app.get('/delegation/agreements', {
    config: { permission: 'delegation.manage' },
    schema: { tags, security, summary: 'Vereinbarungen mit anderen Kommunen (vorgeschlagen, angenommen, widerrufen; beide Seiten)', response: { 200: AgreementListSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const { rows, names } = await agreementsWithNames(db, viewer);
    return { items: rows.map((r) => presentAgreement(r, viewer, names)) };
  });

  app.get('/delegation/assistance', {
    config: { permission: 'delegation.share' },
    schema: { tags, security, summary: 'Gültige Amtshilfe-Vereinbarungen, unter denen ein Vorgang freigegeben werden kann', response: { 200: AgreementListSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    const { rows, names } = await agreementsWithNames(db, viewer);
    return { items: rows.filter((r) => r.active && r.kind === 'assistance' && r.proposer_tenant_id === viewer.tenantId).map((r) => presentAgreement(r, viewer, names)) };
  });

  app.post('/delegation/agreements', {
    config: { permission: 'delegation.manage' },
    schema: { tags, security, summary: 'Vereinbarung einer anderen Kommune vorschlagen', body: AgreementBodySchema, response: { 201: AgreementSchema } },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    return reply.code(201).send(await present(db, viewer, await proposeAgreement(db, viewer, request.body)));
  });

  app.post('/delegation/agreements/:id/accept', {
    config: { permission: 'delegation.manage' },
    schema: { tags, security, summary: 'Vorgeschlagene Vereinbarung annehmen (die Kommune, der sie vorgeschlagen wurde)', params: AgreementParamsSchema, body: AcceptBodySchema, response: { 200: AgreementSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return present(db, viewer, await acceptAgreement(db, viewer, request.params.id, request.body));
  });

  app.post('/delegation/agreements/:id/revoke', {
    config: { permission: 'delegation.manage' },
    schema: { tags, security, summary: 'Vereinbarung widerrufen (jede Seite); die andere Kommune sieht danach keinen Vorgang mehr', params: AgreementParamsSchema, response: { 200: AgreementSchema } },
  }, async (request) => {
    const viewer = caseViewer(request);
    return present(db, viewer, await revokeAgreement(db, viewer, request.params.id));
  });

  app.get('/cases/:id/delegation-grants', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Freigaben dieses Vorgangs für andere Kommunen', params: CaseParamsSchema, response: { 200: GrantListSchema } },
  }, async (request) => ({ items: (await grantsOfCase(db, caseViewer(request), request.params.id)).map(presentGrant) }));

  app.post('/cases/:id/delegation-grants', {
    config: { permission: 'delegation.share' },
    schema: { tags, security, summary: 'Vorgang einer Kommune zur Amtshilfe freigeben (nur unter gültiger Vereinbarung)', params: CaseParamsSchema, body: ShareBodySchema, response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }) } },
  }, async (request, reply) => reply.code(201).send({ id: await shareCase(db, caseViewer(request), request.params.id, request.body.agreementId) }));

  app.delete('/cases/:id/delegation-grants/:grantId', {
    config: { permission: 'delegation.share' },
    schema: { tags, security, summary: 'Freigabe beenden', params: GrantParamsSchema, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await revokeShare(db, caseViewer(request), request.params.id, request.params.grantId);
    return reply.code(204).send(null);
  });

  app.get('/delegated-cases', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Vorgänge anderer Kommunen, die wir bearbeiten (mit der Kommune, der sie gehören)', querystring: DelegatedListQuerySchema, response: { 200: DelegatedCaseListSchema } },
  }, async (request) => ({ items: await listDelegatedCases(db, caseViewer(request), request.query.limit ?? 100) }));
}
