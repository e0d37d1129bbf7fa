import { caseViewer } from '../cases/viewer.js';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import type { RegisterAdapter } from './adapter.js';
import { httpRegisterAdapter } from './http-adapter.js';
import * as s from './schemas.js';
import { listRegisterQueries, queryRegister } from './service.js';

const tags = ['Registerabfragen'];

/** Register queries from a case (issue #17, item 5): only people, with legal basis and purpose, always logged. */
export async function registerRoutes(app: AppInstance, { db, config }: AppDeps): Promise<void> {
  const adapter: RegisterAdapter | undefined = config.registerGateway ? httpRegisterAdapter(config.registerGateway, config.outbound) : undefined;

  app.post('/cases/:id/register-queries', {
    config: { permission: 'register.query' },
    schema: { tags, summary: 'Register abfragen (Rechtsgrundlage und Zweck sind Pflicht; jede Abfrage steht im Zugriffsprotokoll)', params: s.CaseParams, body: s.QueryBody, response: { 200: s.QueryResult } },
  }, async (request) => {
    const result = await queryRegister(db, adapter, caseViewer(request), request.params.id, request.body);
    return { ...result, at: result.at.toISOString() };
  });

  app.get('/cases/:id/register-queries', {
    config: { permission: 'case.read' },
    schema: { tags, summary: 'Registerabfragen zu diesem Vorgang (wer, wann, Rechtsgrundlage, Zweck)', params: s.CaseParams, response: { 200: s.QueryLog } },
  }, async (request) => {
    const rows = await listRegisterQueries(db, caseViewer(request), request.params.id);
    return {
      configured: adapter !== undefined,
      items: rows.map((r) => ({
        id: r.id, at: new Date(r.at as Date).toISOString(), actorName: r.actor_name, register: r.register,
        queryKind: r.query_kind, legalBasis: r.legal_basis, purpose: r.purpose, hits: r.hits,
      })),
    };
  });
}
