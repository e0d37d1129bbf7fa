import type { Viewer } from '../cases/viewer.js';
import type { AgreementRow, GrantRow } from './repository.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export function presentAgreement(row: AgreementRow, viewer: Viewer, names: Map<string, string>) {
  const side = row.proposer_tenant_id === viewer.tenantId ? 'proposer' as const : 'acceptor' as const;
  const partnerId = side === 'proposer' ? row.acceptor_tenant_id : row.proposer_tenant_id;
  return {
    id: row.id,
    side,
    partner: { id: partnerId, name: names.get(partnerId) ?? '?' },
    kind: row.kind,
    service: row.service_id ? { id: row.service_id, name: row.service_name ?? '' } : null,
    orgUnit: row.acceptor_org_unit_id ? { id: row.acceptor_org_unit_id, name: row.acceptor_org_unit_name ?? '' } : null,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    status: row.status,
    active: row.active,
    note: row.note,
    proposedBy: row.proposed_by_name,
    proposedAt: iso(row.proposed_at)!,
    acceptedBy: row.accepted_by_name,
    acceptedAt: iso(row.accepted_at),
    revokedBy: row.revoked_by_name,
    revokedAt: iso(row.revoked_at),
  };
}

export function presentGrant(row: GrantRow & { grantee_name: string }) {
  return {
    id: row.id, agreementId: row.agreement_id, grantee: { id: row.grantee_tenant_id, name: row.grantee_name },
    grantedBy: row.granted_by_name, grantedAt: iso(row.granted_at)!, revokedAt: iso(row.revoked_at),
  };
}
