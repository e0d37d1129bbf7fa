import { withTenant, type Database } from '../db/database.js';
import type { Viewer } from '../cases/viewer.js';
import { listAgreementRows, partnerNames, delegatedCaseRows } from './repository.js';

/**
 * B's desk: the cases of other municipalities granted to B now, each with its owner. A person scoped
 * to org units sees the grants for those units (and grants without a unit).
 */
export async function listDelegatedCases(db: Database, viewer: Viewer, limit: number) {
  const rows = await withTenant(db, viewer, (trx) => delegatedCaseRows(trx, limit, viewer.orgUnitIds));
  return rows.map((r) => ({
      id: r.case_id, owner: { id: r.owner_tenant_id, name: r.owner_name }, caseNumber: r.case_number, title: r.title, status: r.status,
      applicantName: r.applicant_name, receivedAt: new Date(r.received_at).toISOString(), dueOn: r.due_on, kind: r.kind,
      grantedAt: new Date(r.granted_at).toISOString(),
    }));
}

/** The agreements with the partners' names. */
export async function agreementsWithNames(db: Database, viewer: Viewer) {
  return withTenant(db, viewer, async (trx) => {
    const rows = await listAgreementRows(trx);
    const names = await partnerNames(trx, [...new Set(rows.flatMap((r) => [r.proposer_tenant_id, r.acceptor_tenant_id]))]);
    return { rows, names };
  });
}

/** Partner names for presenting single agreements. */
export async function namesOf(db: Database, viewer: Viewer, ids: string[]) {
  return withTenant(db, viewer, (trx) => partnerNames(trx, ids));
}
