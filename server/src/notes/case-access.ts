import type { Trx } from '../db/database.js';
import { caseNotFound } from '../cases/queries.js';
import { assertWritable } from '../cases/policy.js';
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
export async function requireVisibleCase(trx: Trx, viewer: Viewer, caseId: string, options: { write?: boolean } = {}): Promise<VisibleCase> {
  const row = await applyFilters(trx.selectFrom('cases').select(['cases.id', 'cases.case_number', 'cases.org_unit_id', 'cases.read_only_since']), viewer, {})
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw caseNotFound(caseId);
  // A case handed over as the lead record takes no new notes or follow-ups (cases/policy.ts).
  if (options.write) assertWritable(row);
  return { id: row.id, case_number: row.case_number, org_unit_id: row.org_unit_id };
}
