import type { IntakeOutcome } from './types.js';

export function presentReceipt(outcome: IntakeOutcome, transactionId: string | undefined) {
  if (outcome.status === 'unrouted') {
    return { status: 'unrouted' as const, transactionId: transactionId ?? null, caseId: null, caseNumber: null, caseStatus: null, tenant: null, submissionId: outcome.unroutedId };
  }
  return {
    status: outcome.status,
    transactionId: transactionId ?? null,
    caseId: outcome.caseId,
    caseNumber: outcome.caseNumber,
    caseStatus: outcome.caseStatus,
    tenant: outcome.tenantSlug,
    submissionId: null,
  };
}

export const statusCodeOf = (outcome: IntakeOutcome) => (outcome.status === 'created' ? 201 : outcome.status === 'existing' ? 200 : 202);
