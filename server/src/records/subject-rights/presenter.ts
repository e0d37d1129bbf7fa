import type { Static } from '@sinclair/typebox';
import type { Applicant } from '../../db/schema.js';
import { APPLICANT_FIELDS } from '../../intake/applicant/fields.js';
import type { ErasureRequestRow } from './erasure.js';
import type { SubjectCaseRow } from './repository.js';
import type { ErasureRequest, SubjectCases } from './schemas.js';

const ADDRESS = new Set(['street', 'houseNumber', 'postalCode', 'city']);

/** The applicant's fields as the correction form shows them (address parts flat). */
function fieldsOf(a: Applicant): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of APPLICANT_FIELDS) {
    const value = ADDRESS.has(f) ? a.address?.[f as 'street'] : (a as unknown as Record<string, unknown>)[f];
    if (typeof value === 'string' && value) out[f] = value;
  }
  return out;
}

export function presentSubjectCases(rows: SubjectCaseRow[], limit: number): Static<typeof SubjectCases> {
  return {
    items: rows.slice(0, limit).map((r) => {
      const a = r.applicant;
      const address = a.address ? [[a.address.street, a.address.houseNumber].filter(Boolean).join(' '), [a.address.postalCode, a.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ') : '';
      return {
        id: r.id, caseNumber: r.case_number, serviceName: r.service_name, status: r.status, receivedAt: new Date(r.received_at).toISOString(),
        applicantName: r.applicant_name, email: a.email ?? null, dateOfBirth: a.dateOfBirth ?? null, address: address || null,
        mailboxId: a.mailbox?.identifier ?? null, applicant: fieldsOf(a),
        matchedBy: [r.by_name && 'name', r.by_email && 'email', r.by_mailbox && 'mailbox', r.by_number && 'caseNumber'].filter((m): m is 'name' => !!m),
      };
    }),
    truncated: rows.length > limit,
  };
}

export function presentErasureRequest(r: ErasureRequestRow, userId: string | null): Static<typeof ErasureRequest> {
  return {
    id: r.id, caseId: r.case_id, caseNumber: r.case_number, reason: r.reason, state: r.state as 'requested',
    requestedBy: { id: r.requested_by, name: r.requested_by_name }, requestedAt: new Date(r.requested_at).toISOString(),
    decidedByName: r.decided_by_name, decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    purgeOrderId: r.purge_order_id, mine: r.requested_by === userId,
  };
}
