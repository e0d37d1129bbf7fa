import type { AppDeps, AppInstance } from '../http/app-types.js';
import { caseViewer } from '../cases/viewer.js';
import { presentCaseDetail } from '../cases/presenter.js';
import { CaseDetailSchema, CaseParamsSchema } from '../cases/schemas.js';
import { clientAdminRoutes } from './admin.routes.js';
import { oauthRoutes } from './oauth.routes.js';
import { giveBack, takeOver } from './handover.js';
import { HandoverBody, ReturnBody } from './schemas.js';

const tags = ['Fachverfahren', 'Vorgänge'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

/** Fachverfahren: token endpoint, registration, and handing a case over and back. */
export async function clientRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;
  await app.register(async (scoped) => oauthRoutes(scoped as AppInstance, deps));
  await clientAdminRoutes(app, deps);

  app.post('/cases/:id/handover', {
    config: { permission: 'case.assign', fachverfahren: true },
    schema: {
      tags, security, params: CaseParamsSchema, body: HandoverBody, response: { 200: CaseDetailSchema },
      summary: 'Vorgang an ein Fachverfahren übergeben / übernehmen / Hand a case over to a procedure (or take it over as one)',
      description: 'Ein Fachverfahren übernimmt den Vorgang für sich (ohne `clientId`), ausschließlich. Eine Person nennt das Fachverfahren (`clientId`). '
        + 'Der Schreibtisch zeigt „an Fachverfahren X übergeben“. `version` wie bei jeder Änderung (409 bei veraltetem Stand). '
        + '/ A procedure takes the case over for itself; a person names the procedure. Optimistic concurrency via `version`.',
    },
  }, async (request) => presentCaseDetail(await takeOver(db, caseViewer(request), request.params.id, request.body)));

  app.post('/cases/:id/handover/return', {
    config: { permission: 'case.assign', fachverfahren: true },
    schema: {
      tags, security, params: CaseParamsSchema, body: ReturnBody, response: { 200: CaseDetailSchema },
      summary: 'Vorgang an den Schreibtisch zurückgeben / zurückholen / Give the case back to the desk (or take it back)',
    },
  }, async (request) => presentCaseDetail(await giveBack(db, caseViewer(request), request.params.id, request.body)));
}
