import type { Trx } from '../db/database.js';
import { AppError } from '../shared/errors.js';

export const DECISION_COLUMNS = [
  'id', 'case_id', 'template_id', 'kind', 'source', 'status', 'text', 'pdf_sha256', 'pdf_size_bytes', 'attachment_id',
  'requires_release', 'created_by', 'created_by_name', 'last_edited_by', 'submitted_by', 'released_by', 'released_by_name',
  'released_at', 'sent_by', 'sent_at', 'created_at', 'updated_at',
] as const;

export async function listDecisions(trx: Trx, tenantId: string, caseId: string) {
  return trx.selectFrom('decisions').select(DECISION_COLUMNS)
    .where('tenant_id', '=', tenantId).where('case_id', '=', caseId)
    .orderBy('created_at').orderBy('id').execute();
}
export type DecisionRow = Awaited<ReturnType<typeof listDecisions>>[number];

export const decisionNotFound = (id: string) => new AppError('not_found', { detail: `Der Bescheid „${id}“ wurde nicht gefunden.` });

/** One decision of one case (locked for the rest of the transaction), or 404. */
export async function lockDecision(trx: Trx, tenantId: string, caseId: string, decisionId: string): Promise<DecisionRow> {
  const row = await trx.selectFrom('decisions').select(DECISION_COLUMNS)
    .where('tenant_id', '=', tenantId).where('case_id', '=', caseId).where('id', '=', decisionId)
    .forUpdate().executeTakeFirst();
  if (!row) throw decisionNotFound(decisionId);
  return row;
}

export async function findDecision(trx: Trx, tenantId: string, caseId: string, decisionId: string): Promise<DecisionRow> {
  const row = await trx.selectFrom('decisions').select(DECISION_COLUMNS)
    .where('tenant_id', '=', tenantId).where('case_id', '=', caseId).where('id', '=', decisionId).executeTakeFirst();
  if (!row) throw decisionNotFound(decisionId);
  return row;
}

export async function userName(trx: Trx, tenantId: string, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const row = await trx.selectFrom('users').select('display_name').where('tenant_id', '=', tenantId).where('id', '=', userId).executeTakeFirst();
  return row?.display_name ?? null;
}
