import type { Viewer } from '../../cases/viewer.js';
import { caseNotFound } from '../../cases/queries.js';
import { withTenant, type Database, type Trx } from '../../db/database.js';
import { appendEvent } from '../../events/chain.js';
import { AppError, notFound } from '../../shared/errors.js';
import { uuidv7 } from '../../shared/ids.js';
import { isUniqueViolation } from '../../tenants/admin-access.js';
import { requestPurge } from '../purge/orders.js';
import { checkReason } from './correction.js';

export interface ErasureRequestRow {
  id: string; case_id: string; case_number: string; reason: string; state: string; requested_by: string; requested_by_name: string;
  requested_at: Date; decided_by_name: string | null; decided_at: Date | null; purge_order_id: string | null;
}
const COLUMNS = ['id', 'case_id', 'case_number', 'reason', 'state', 'requested_by', 'requested_by_name', 'requested_at', 'decided_by_name', 'decided_at', 'purge_order_id'] as const;

/** Erasure requests and confirmations are a person's acts (four-eyes counts people, not keys). */
function personOf(viewer: Viewer): string {
  if (!viewer.userId) throw new AppError('forbidden', { detail: 'Löschungen beantragen und bestätigen nur Personen mit der Rolle Datenschutz.' });
  return viewer.userId;
}

async function refuseIfHeld(trx: Trx, caseId: string): Promise<void> {
  const hold = await trx.selectFrom('legal_holds').select('id').where('case_id', '=', caseId).where('released_at', 'is', null).executeTakeFirst();
  if (hold) throw new AppError('erasure_case_on_hold');
}

async function refuseIfPurging(trx: Trx, caseId: string): Promise<void> {
  const order = await trx.selectFrom('purge_orders').select('id').where('case_id', '=', caseId).where('state', 'in', ['pending', 'running']).executeTakeFirst();
  if (order) throw new AppError('erasure_request_exists');
}

/** Art. 17, first step: a data-protection officer asks for the early erasure of a case, with a reason. */
export async function requestErasure(db: Database, viewer: Viewer, caseId: string, reasonInput: string): Promise<ErasureRequestRow> {
  const userId = personOf(viewer);
  const reason = checkReason(reasonInput);
  try {
    return await withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
      const kase = await trx.selectFrom('cases').select(['id', 'case_number']).where('id', '=', caseId).forUpdate().executeTakeFirst();
      if (!kase) throw caseNotFound(caseId);
      await refuseIfHeld(trx, caseId);
      await refuseIfPurging(trx, caseId);
      const row = await trx.insertInto('erasure_requests')
        .values({ id: uuidv7(), tenant_id: viewer.tenantId, case_id: caseId, case_number: kase.case_number, reason, requested_by: userId, requested_by_name: viewer.actor.name })
        .returning(COLUMNS).executeTakeFirstOrThrow();
      await appendEvent(trx, viewer.tenantId, { caseId, type: 'erasure.requested', actor: viewer.actor, data: { requestId: row.id, reason } });
      return row;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('erasure_request_exists');
    throw error;
  }
}

async function openRequest(trx: Trx, requestId: string): Promise<ErasureRequestRow> {
  const row = await trx.selectFrom('erasure_requests').select(COLUMNS).where('id', '=', requestId).where('state', '=', 'requested').forUpdate().executeTakeFirst();
  if (!row) throw notFound('Der offene Löschantrag');
  return row;
}

/**
 * Art. 17, second step: another data-protection officer confirms. Then, in the same transaction,
 * the purge order is written (the purge worker deletes the case, resumably); a hold set meanwhile
 * still refuses.
 */
export async function confirmErasure(db: Database, viewer: Viewer, requestId: string): Promise<ErasureRequestRow> {
  const userId = personOf(viewer);
  return withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    const request = await openRequest(trx, requestId);
    if (request.requested_by === userId) throw new AppError('erasure_four_eyes');
    const kase = await trx.selectFrom('cases').select('id').where('id', '=', request.case_id).forUpdate().executeTakeFirst();
    if (!kase) throw caseNotFound(request.case_id);
    await refuseIfHeld(trx, request.case_id);
    const orderId = await requestPurge(trx, viewer.tenantId, {
      caseId: request.case_id, listId: null, reason: `Löschung nach Art. 17 DSGVO: ${request.reason}`, approvedBy: [request.requested_by_name, viewer.actor.name],
    });
    if (!orderId) throw new AppError('erasure_request_exists');
    const row = await trx.updateTable('erasure_requests')
      .set({ state: 'confirmed', decided_by: userId, decided_by_name: viewer.actor.name, decided_at: new Date(), purge_order_id: orderId })
      .where('id', '=', requestId).returning(COLUMNS).executeTakeFirstOrThrow();
    await appendEvent(trx, viewer.tenantId, { caseId: request.case_id, type: 'erasure.confirmed', actor: viewer.actor, data: { requestId, purgeOrderId: orderId } });
    return row;
  });
}

/** Withdraws an open request (any data-protection officer, with a reason); the case stays. */
export async function withdrawErasure(db: Database, viewer: Viewer, requestId: string, reasonInput: string): Promise<void> {
  const userId = personOf(viewer);
  const reason = checkReason(reasonInput);
  await withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    const request = await openRequest(trx, requestId);
    await trx.updateTable('erasure_requests').set({ state: 'withdrawn', decided_by: userId, decided_by_name: viewer.actor.name, decided_at: new Date() }).where('id', '=', requestId).execute();
    await appendEvent(trx, viewer.tenantId, { caseId: request.case_id, type: 'erasure.withdrawn', actor: viewer.actor, data: { requestId, reason } });
  });
}

/** The tenant's erasure requests, open ones first, then the latest decided. */
export async function listErasureRequests(db: Database, viewer: Viewer): Promise<ErasureRequestRow[]> {
  return withTenant(db, { tenantId: viewer.tenantId }, (trx) =>
    trx.selectFrom('erasure_requests').select(COLUMNS)
      .orderBy((eb) => eb.case().when('state', '=', 'requested').then(0).else(1).end())
      .orderBy('requested_at', 'desc').limit(100).execute());
}
