import { sql } from 'kysely';
import type { Trx } from '../db/database.js';

/** An agreement as both parties see it (row-level security: proposer or acceptor is the current tenant). */
export async function listAgreementRows(trx: Trx, id?: string) {
  let query = trx
    .selectFrom('delegation_agreements as a')
    .select([
      'a.id', 'a.proposer_tenant_id', 'a.acceptor_tenant_id', 'a.kind', 'a.service_id', 'a.service_name',
      'a.acceptor_org_unit_id', 'a.acceptor_org_unit_name', sql<string>`a.valid_from::text`.as('valid_from'),
      sql<string | null>`a.valid_until::text`.as('valid_until'), 'a.status', 'a.note', 'a.proposed_by_name', 'a.proposed_at',
      'a.accepted_by_name', 'a.accepted_at', 'a.revoked_by_name', 'a.revoked_at',
      sql<boolean>`a.status = 'accepted' and berlin_today() >= a.valid_from and (a.valid_until is null or berlin_today() <= a.valid_until)`.as('active'),
    ])
    .orderBy('a.proposed_at', 'desc')
    .orderBy('a.id', 'desc');
  if (id) query = query.where('a.id', '=', id);
  return query.limit(500).execute();
}
export type AgreementRow = Awaited<ReturnType<typeof listAgreementRows>>[number];

/** Locks one agreement for a change of its state; undefined when the current tenant is no party to it. */
export async function lockAgreement(trx: Trx, id: string): Promise<AgreementRow | undefined> {
  await trx.selectFrom('delegation_agreements').select('id').where('id', '=', id).forUpdate().execute();
  return (await listAgreementRows(trx, id))[0];
}

/** Names of the partner municipalities (only tenants the current one has an agreement with). */
export async function partnerNames(trx: Trx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await sql<{ id: string; name: string }>`select id, name from delegation_tenant_names(${ids}::uuid[])`.execute(trx);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}

export async function findPartner(trx: Trx, slug: string) {
  const rows = await sql<{ id: string; name: string }>`select id, name from delegation_partner(${slug})`.execute(trx);
  return rows.rows[0];
}

export async function listGrantRows(trx: Trx, caseId: string) {
  return trx
    .selectFrom('case_grants')
    .select(['id', 'agreement_id', 'grantee_tenant_id', 'granted_by_name', 'granted_at', 'revoked_at'])
    .where('case_id', '=', caseId)
    .orderBy('granted_at', 'desc')
    .execute();
}
export type GrantRow = Awaited<ReturnType<typeof listGrantRows>>[number];

/** The helper's side: the one active grant of this case for the current tenant (definer function, migration 0057). */
export async function lookupGrant(trx: Trx, caseId: string) {
  const rows = await sql<{ owner_tenant_id: string; owner_name: string; acting_name: string; grantee_org_unit_id: string | null; agreement_id: string }>`
    select owner_tenant_id, owner_name, acting_name, grantee_org_unit_id, agreement_id from delegation_lookup(${caseId}::uuid)`.execute(trx);
  return rows.rows[0];
}

/** The cases granted to the current tenant now, for a person scoped to `orgUnitIds` (none: all units). */
export async function delegatedCaseRows(trx: Trx, limit: number, orgUnitIds: string[]) {
  const rows = await sql<{
    case_id: string; owner_tenant_id: string; owner_name: string; case_number: string; title: string; status: string;
    applicant_name: string; received_at: Date; due_on: string | null; grantee_org_unit_id: string | null; kind: 'service' | 'assistance'; granted_at: Date;
  }>`select case_id, owner_tenant_id, owner_name, case_number, title, status, applicant_name, received_at, due_on::text as due_on,
       grantee_org_unit_id, kind, granted_at from delegated_cases(${limit}, ${orgUnitIds}::uuid[])`.execute(trx);
  return rows.rows;
}
