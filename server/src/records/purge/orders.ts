import type { Trx } from '../../db/database.js';
import { uuidv7 } from '../../shared/ids.js';

/** What the destruction list (or an Art. 17 erasure) hands to the purge worker. */
export interface PurgeOrder {
  caseId: string;
  /** The destruction list that ordered the purge; null for an early erasure (Art. 17) without a list. */
  listId: string | null;
  /** Why the case is deleted, as it will appear in the tombstones and the deletion log (no personal data). */
  reason: string;
  /** Display names of the two people who approved (four-eyes), kept for the deletion log. */
  approvedBy: string[];
}

/**
 * Orders the purge of one case inside the caller's transaction: the order exists exactly when the
 * approval that caused it committed, and the purge worker (records/purge) performs it afterwards,
 * resuming after a crash. One open order per case; a second call for the same case is a no-op.
 */
export async function requestPurge(trx: Trx, tenantId: string, order: PurgeOrder): Promise<string | null> {
  const id = uuidv7();
  const inserted = await trx
    .insertInto('purge_orders')
    .values({
      id, tenant_id: tenantId, case_id: order.caseId, list_id: order.listId, reason: order.reason,
      approved_by: JSON.stringify(order.approvedBy),
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'case_id']).where('state', 'in', ['pending', 'running']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}
