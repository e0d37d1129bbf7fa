import type { Trx } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { attachmentEvent, attachmentRow, type NewAttachment } from './creation.js';

export {
  applicantNameOf,
  createCase,
  createCaseBatch,
  type CaseExtras,
  type CasePriority,
  type CaseToCreate,
  type CreatedCase,
  type CreationResult,
  type NewAttachment,
  type NewCaseInput,
} from './creation.js';
export { caseBatchOpening, type CaseBatchColumns, type CaseBatchOpening, type CaseBatchPlan, type OpenCaseBatch } from './case-batch.js';
export type { CatalogueRows } from './creation-read.js';

/** Records an already stored blob as attachment of a case, with a history event. */
export async function addAttachment(trx: Trx, tenantId: string, caseId: string, input: NewAttachment, actor: Actor): Promise<{ id: string }> {
  const found = await trx.selectFrom('cases').select('id').where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
  if (!found) throw new AppError('not_found', { detail: `Der Vorgang „${caseId}“ wurde nicht gefunden.` });
  const row = attachmentRow(tenantId, caseId, input);
  await trx.insertInto('attachments').values(row).execute();
  await appendEvent(trx, tenantId, attachmentEvent(caseId, row, actor));
  return { id: row.id };
}
