import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { requireTenantPrincipal } from '../auth/principal.js';
import { viewerOf } from './viewer.js';
import { requireBulkPermission } from './policy.js';
import { applyBulk, BULK_MAX } from './bulk.service.js';

const Uuid = Type.String({ format: 'uuid' });
const BulkBodySchema = Type.Object({
  action: Type.Union([Type.Literal('assign'), Type.Literal('accept')], { description: 'assign: zuweisen; accept: annehmen' }),
  caseIds: Type.Array(Uuid, { minItems: 1, maxItems: BULK_MAX, description: `IDs der Vorgänge (höchstens ${BULK_MAX})` }),
  assigneeId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'Bei „assign“: zuständige Person; null hebt die Zuweisung auf' })),
}, { additionalProperties: false });

const BulkResultSchema = Type.Object({
  results: Type.Array(Type.Object({
    caseId: Uuid,
    ok: Type.Boolean(),
    code: Type.Optional(Type.String({ description: 'Fehlercode wie bei den Einzelaktionen (z. B. invalid_transition, not_found)' })),
    detail: Type.Optional(Type.String({ description: 'Begründung auf Deutsch' })),
  })),
});

export async function caseBulkRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.post('/cases/bulk', {
    // Either suffices for the route; the bulk policy asks for the one the chosen action needs.
    config: { permission: ['case.assign', 'case.transition'] },
    schema: {
      tags: ['Vorgänge'],
      security: [{ session: [] }, { bearer: [] }],
      summary: 'Mehrere Vorgänge auf einmal zuweisen oder annehmen (jeder Vorgang einzeln; ein Fehler hält die anderen nicht auf)',
      body: BulkBodySchema,
      response: { 200: BulkResultSchema },
    },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    requireBulkPermission(viewerOf(principal), request.body.action);
    return { results: await applyBulk(deps.db, viewerOf(principal), request.body) };
  });
}
