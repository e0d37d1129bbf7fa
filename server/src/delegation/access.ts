import type { FastifyRequest } from 'fastify';
import { withTenant, type Database } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import type { Role, UserPrincipal } from '../auth/principal.js';
import { lookupGrant } from './repository.js';

/*
 * How a caseworker of the helping municipality B works on a case of A (decision 0031). The desk
 * calls the ordinary case paths with A's case id. For the paths below — and only these — this hook
 * asks the database whether B holds an active grant for the case (delegation_lookup). If so the
 * request's principal becomes A's, marked as delegated: every transaction of the request then starts
 * as B and enters A only through delegation_enter(), confined to that case by row-level security.
 * Any other path (retention, legal holds, hand-over, assignment, follow-ups, routing) stays B's and
 * so answers 404 for A's case.
 */
export const DELEGABLE: ReadonlySet<string> = new Set([
  'GET /api/cases/:id',
  'GET /api/cases/:id/events',
  'POST /api/cases/:id/transitions',
  'GET /api/cases/:id/attachments/:attachmentId/content',
  'GET /api/cases/:id/notes',
  'POST /api/cases/:id/notes',
  'PATCH /api/cases/:id/notes/:noteId',
  'DELETE /api/cases/:id/notes/:noteId',
  'GET /api/cases/:id/messages',
  'POST /api/cases/:id/messages',
  'GET /api/cases/:id/messages/route',
  // The message panel's own calls: replies marked seen, a letter printed and confirmed as posted, a delivery retried.
  'POST /api/cases/:id/messages/seen',
  'GET /api/cases/:id/messages/:messageId/letter',
  'POST /api/cases/:id/messages/:messageId/posted',
  'POST /api/cases/:id/messages/:messageId/retry',
  'GET /api/cases/:id/decisions',
  'POST /api/cases/:id/decisions',
  'PATCH /api/cases/:id/decisions/:decisionId',
  'GET /api/cases/:id/decisions/:decisionId/preview',
  'POST /api/cases/:id/decisions/:decisionId/submit',
  'POST /api/cases/:id/decisions/:decisionId/release',
  'POST /api/cases/:id/decisions/:decisionId/send',
]);

/** What B's people may do on A's case: case work, never administration, records or data-protection rights. */
function delegatedRoles(roles: readonly Role[]): Role[] {
  if (roles.some((r) => r === 'admin' || r === 'caseworker' || r === 'teamlead' || r === 'intake')) return ['caseworker'];
  return roles.includes('reader') ? ['reader'] : [];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The delegated principal for this request, or undefined (then the request stays the caller's own). */
export async function delegatedPrincipal(db: Database, principal: UserPrincipal, caseId: string): Promise<UserPrincipal | undefined> {
  const grant = await withTenant(db, principal, (trx) => lookupGrant(trx, caseId));
  if (!grant) return undefined;
  // A grant for an org unit of B reaches the people of that unit (and those who see all units).
  if (principal.orgUnitIds.length && grant.grantee_org_unit_id && !principal.orgUnitIds.includes(grant.grantee_org_unit_id)) return undefined;
  return {
    ...principal,
    tenantId: grant.owner_tenant_id,
    roles: delegatedRoles(principal.roles),
    orgUnitIds: [],
    // The history, the access log and the decision name the acting person and municipality.
    displayName: `${principal.displayName} (${grant.acting_name}, in Amtshilfe für ${grant.owner_name})`,
    delegation: { actingTenantId: principal.tenantId, caseId, ownerName: grant.owner_name, actingName: grant.acting_name },
  };
}

/** Install after authentication, before the routes. */
export function installDelegatedAccess(app: AppInstance, deps: AppDeps): void {
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const principal = request.principal;
    if (!principal || principal.kind !== 'user' || principal.delegation) return;
    if (!DELEGABLE.has(`${request.method} ${request.routeOptions.url ?? ''}`)) return;
    const caseId = (request.params as { id?: string } | undefined)?.id;
    if (!caseId || !UUID.test(caseId)) return;
    const delegated = await delegatedPrincipal(deps.db, principal, caseId);
    if (!delegated) return;
    request.principal = delegated;
    if (request.method === 'GET' && request.routeOptions.url === '/api/cases/:id') {
      // Opening the case is recorded in the owner's history (reads below it are in the access log).
      await withTenant(deps.db, delegated, (trx) => appendEvent(trx, delegated.tenantId, {
        caseId, type: 'delegation.case_opened', actor: { kind: 'user', id: delegated.userId, name: delegated.displayName }, data: {},
      }));
    }
  });
}
