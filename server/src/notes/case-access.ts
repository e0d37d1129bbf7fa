import type { Trx } from '../db/database.js';
import { caseNotFound } from '../cases/queries.js';
import { applyFilters } from '../cases/repository.js';
import type { Viewer } from '../cases/viewer.js';

/**
 * Notes and follow-ups belong to a case and follow its access rules exactly: the same viewer
 * (tenant, org-unit scope, permissions) and the same query scope as the case itself, so another
 * tenant's or another unit's case answers 404 here too.
 */
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
