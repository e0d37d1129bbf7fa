import type { FastifyRequest } from 'fastify';
import { authorize, requireTenantPrincipal, type Permission } from '../auth/principal.js';
import type { Trx } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { caseNotFound } from '../cases/queries.js';
import { applyFilters } from '../cases/repository.js';
import { viewerOf, type Viewer } from '../cases/viewer.js';

/**
 * Notes and follow-ups belong to a case and follow its access rules exactly: the same viewer
 * (tenant, org-unit scope, permissions) and the same query scope as the case itself, so another
 * tenant's or another unit's case answers 404 here too.
 */
export function viewerFor(request: FastifyRequest, permission: Permission): Viewer {
  const principal = requireTenantPrincipal(request.principal);
  authorize(principal, permission);
  return viewerOf(principal);
}

export interface VisibleCase {
  id: string;
  case_number: string;
  org_unit_id: string;
}

/** The case if the viewer may see it, otherwise 404 (also for other tenants' ids). */
export async function requireVisibleCase(trx: Trx, viewer: Viewer, caseId: string): Promise<VisibleCase> {
  const row = await applyFilters(trx.selectFrom('cases').select(['cases.id', 'cases.case_number', 'cases.org_unit_id']), viewer, {})
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw caseNotFound(caseId);
  return row;
}

/** Writing notes and owning follow-ups needs a person; machine clients have no "own". */
export function requireUserId(viewer: Viewer, detail: string): string {
  if (!viewer.userId) throw new AppError('forbidden', { detail });
  return viewer.userId;
}
