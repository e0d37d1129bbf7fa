import { withTenant, type Database, type Trx } from '../../db/database.js';
import { appendEvents } from '../../events/chain.js';
import type { Viewer } from '../../cases/viewer.js';
import { AppError, notFound } from '../../shared/errors.js';
import { requestPurge } from '../purge/orders.js';
import { appendLog, entriesOf, listSummaries, lockList, logOf, type EntryRow, type ListRow, type ListSummaryRow, type LogRow } from './repository.js';

const REASON_MAX = 1000;
const listNotFound = () => notFound('Die Aussonderungsliste');

export interface ListDetail { list: ListRow; entries: EntryRow[]; log: LogRow[] }

export async function destructionLists(db: Database, viewer: Viewer): Promise<ListSummaryRow[]> {
  return withTenant(db, { tenantId: viewer.tenantId }, (trx) => listSummaries(trx));
}

/** One list with its entries and log; another tenant's list id answers 404 (row-level security). */
export async function destructionList(db: Database, viewer: Viewer, listId: string): Promise<ListDetail> {
  return withTenant(db, { tenantId: viewer.tenantId }, (trx) => detailOf(trx, listId));
}

async function detailOf(trx: Trx, listId: string): Promise<ListDetail> {
  const list = await trx.selectFrom('destruction_lists').selectAll().where('id', '=', listId).executeTakeFirst();
  if (!list) throw listNotFound();
  return { list, entries: await entriesOf(trx, listId), log: await logOf(trx, listId) };
}

function requirePerson(viewer: Viewer): string {
  if (!viewer.userId) throw new AppError('forbidden', { detail: 'Aussonderungslisten prüfen nur Personen, keine Maschinenzugänge.' });
  return viewer.userId;
}

async function lockOrFail(trx: Trx, listId: string, states: string[], detail: string): Promise<ListRow> {
  const list = await lockList(trx, listId);
  if (!list) throw listNotFound();
  if (!states.includes(list.state)) throw new AppError('destruction_list_step', { detail });
  return list;
}

/** Refuses (nothing changes) while a case still to be destroyed is under an active legal hold. */
function refuseHeld(entries: EntryRow[]): void {
  const held = entries.filter((e) => e.state === 'included' && e.on_hold).map((e) => e.case_number);
  if (held.length) {
    throw new AppError('legal_hold_on_list', {
      detail: `Für ${held.length === 1 ? 'den Vorgang' : 'die Vorgänge'} ${held.join(', ')} besteht eine Aufbewahrungssperre. Nehmen Sie ${held.length === 1 ? 'ihn' : 'sie'} zuerst von der Liste; es wurde nichts geändert.`,
      extra: { caseNumbers: held },
    });
  }
}

/**
 * Takes one case off the list with a reason, while the list is in review (before the second
 * person confirms). The case is not destroyed from this list; it comes back on a later list unless
 * its rule changes or a hold is set.
 */
export async function takeOut(db: Database, viewer: Viewer, listId: string, caseId: string, reasonInput: string | undefined): Promise<ListDetail> {
  requirePerson(viewer);
  const reason = reasonInput?.trim() ?? '';
  if (!reason) throw new AppError('validation_failed', { field: 'reason', detail: 'Bitte geben Sie den Grund („reason“) an, aus dem der Vorgang von der Liste genommen wird.' });
  if (reason.length > REASON_MAX) throw new AppError('validation_failed', { field: 'reason', detail: `Der Grund („reason“) darf höchstens ${REASON_MAX} Zeichen lang sein.` });
  return withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    const list = await lockOrFail(trx, listId, ['proposed', 'approved'], 'Nach der Bestätigung kann kein Vorgang mehr von der Liste genommen werden.');
    const entry = await trx
      .updateTable('destruction_list_entries')
      .set({ state: 'removed', removed_reason: reason, removed_by_name: viewer.actor.name, removed_at: new Date() })
      .where('list_id', '=', listId).where('case_id', '=', caseId).where('state', '=', 'included')
      .returning(['case_number'])
      .executeTakeFirst();
    if (!entry) throw notFound('Der Vorgang auf dieser Liste');
    await appendLog(trx, viewer.tenantId, listId, [{ action: 'removed', actorName: viewer.actor.name, caseNumber: entry.case_number, reason }]);
    await appendEvents(trx, viewer.tenantId, [{ caseId, type: 'destruction_list.case_removed', actor: viewer.actor, data: { listId, listNumber: list.number, reason } }]);
    return detailOf(trx, listId);
  });
}

/** First review: a records officer approves the list as it stands (the cases still on it). */
export async function approve(db: Database, viewer: Viewer, listId: string): Promise<ListDetail> {
  const userId = requirePerson(viewer);
  return withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    const list = await lockOrFail(trx, listId, ['proposed'], 'Diese Liste ist bereits freigegeben.');
    const entries = await entriesOf(trx, listId);
    refuseHeld(entries);
    await trx.updateTable('destruction_lists').set({ state: 'approved', approved_by: userId, approved_by_name: viewer.actor.name, approved_at: new Date() }).where('id', '=', listId).execute();
    const included = entries.filter((e) => e.state === 'included');
    await appendLog(trx, viewer.tenantId, listId, [{ action: 'approved', actorName: viewer.actor.name, detail: { cases: included.length } }]);
    await appendEvents(trx, viewer.tenantId, included.map((e) => ({
      caseId: e.case_id, type: 'destruction_list.approved' as const, actor: viewer.actor, data: { listId, listNumber: list.number },
    })));
    return detailOf(trx, listId);
  });
}

/**
 * Second review: a different records officer confirms. In the same transaction every case that may
 * go now gets its purge order; A/B cases whose archive offer is still open stay on the list waiting.
 */
export async function confirm(db: Database, viewer: Viewer, listId: string): Promise<ListDetail> {
  const userId = requirePerson(viewer);
  return withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    const list = await lockOrFail(trx, listId, ['approved'], 'Bestätigen kann man eine Liste erst nach ihrer Freigabe, und nur einmal.');
    if (list.approved_by === userId) throw new AppError('four_eyes_required', { detail: 'Sie haben diese Liste freigegeben. Bestätigen muss eine zweite Person mit der Rolle Schriftgutverwaltung; es wurde nichts geändert.' });
    const entries = await entriesOf(trx, listId);
    refuseHeld(entries);
    const approvers = [list.approved_by_name!, viewer.actor.name];
    await trx.updateTable('destruction_lists').set({ state: 'confirmed', confirmed_by: userId, confirmed_by_name: viewer.actor.name, confirmed_at: new Date() }).where('id', '=', listId).execute();
    const included = entries.filter((e) => e.state === 'included');
    const ordered = await orderEntries(trx, viewer.tenantId, list, included.filter((e) => e.archive !== 'awaiting'), approvers);
    await appendLog(trx, viewer.tenantId, listId, [
      { action: 'confirmed', actorName: viewer.actor.name, detail: { ordered: ordered.length, waiting: included.length - ordered.length } },
      ...ordered.map((e) => ({ action: 'ordered', actorName: viewer.actor.name, caseNumber: e.case_number })),
    ]);
    await appendEvents(trx, viewer.tenantId, included.map((e) => ({
      caseId: e.case_id, type: 'destruction_list.confirmed' as const, actor: viewer.actor,
      data: { listId, listNumber: list.number, approvedBy: approvers, purgeOrdered: e.archive !== 'awaiting', ...(e.archive === 'awaiting' ? { waitingFor: 'archive_offer' } : {}) },
    })));
    return detailOf(trx, listId);
  });
}

/** Writes the purge orders (the seam to the purge worker) and marks the entries ordered. */
async function orderEntries(trx: Trx, tenantId: string, list: ListRow, entries: EntryRow[], approvedBy: string[]): Promise<EntryRow[]> {
  for (const e of entries) {
    const orderId = await requestPurge(trx, tenantId, {
      caseId: e.case_id, listId: list.id, reason: `Aussonderungsliste ${list.number}: Aufbewahrungsfrist abgelaufen`, approvedBy,
    });
    await trx.updateTable('destruction_list_entries').set({ state: 'ordered', purge_order_id: orderId }).where('list_id', '=', list.id).where('case_id', '=', e.case_id).execute();
  }
  return entries;
}

/**
 * The seam for the archive offer (issue #16): the archive has answered for a case waiting on a list.
 * Before the confirmation the entry is simply ready; after it, the purge order is written now, under
 * the list's two approvals — unless a legal hold was set meanwhile (then it waits for the release).
 */
export async function archiveAnswered(trx: Trx, tenantId: string, caseId: string, actorName: string): Promise<{ ordered: boolean } | null> {
  const entry = await trx.selectFrom('destruction_list_entries').select(['list_id']).where('case_id', '=', caseId).where('state', '=', 'included').executeTakeFirst();
  if (!entry) return null;
  const list = (await lockList(trx, entry.list_id))!;
  await trx.updateTable('destruction_list_entries').set({ archive: 'answered', archive_answered_at: new Date() }).where('list_id', '=', list.id).where('case_id', '=', caseId).execute();
  const [row] = (await entriesOf(trx, list.id)).filter((e) => e.case_id === caseId);
  await appendLog(trx, tenantId, list.id, [{ action: 'archive_answered', actorName, caseNumber: row!.case_number }]);
  if (list.state !== 'confirmed' || row!.on_hold) return { ordered: false };
  await orderEntries(trx, tenantId, list, [row!], [list.approved_by_name!, list.confirmed_by_name!]);
  await appendLog(trx, tenantId, list.id, [{ action: 'ordered', actorName, caseNumber: row!.case_number }]);
  return { ordered: true };
}
