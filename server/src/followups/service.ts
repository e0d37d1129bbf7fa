import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import type { Viewer } from '../cases/viewer.js';
import { requireVisibleCase } from '../notes/case-access.js';
import { findFollowUp, listByCase, listForOwner, type FollowUpRow } from './repository.js';
import type { FollowUpCreate, FollowUpPatch, FollowUpState } from './schemas.js';
import { checkDueDate, checkOwner, checkSubject } from './validation.js';

/*
 * History events of follow-ups name the follow-up, its due date and the person it reminds (a
 * colleague, already named in the history as actor elsewhere) — not subject or description, which
 * may describe the applicant. Follow-ups change neither the case's version nor its updated_at.
 */

const followUpNotFound = (id: string) => new AppError('not_found', { detail: `Die Wiedervorlage „${id}“ wurde nicht gefunden.` });

async function reload(trx: Trx, tenantId: string, caseId: string, id: string): Promise<FollowUpRow> {
  const row = await findFollowUp(trx, tenantId, caseId, id);
  if (!row) throw followUpNotFound(id);
  return row;
}

export async function listCaseFollowUps(db: Database, viewer: Viewer, caseId: string): Promise<FollowUpRow[]> {
  return withTenant(db, viewer, async (trx) => {
    await requireVisibleCase(trx, viewer, caseId);
    return listByCase(trx, viewer.tenantId, caseId);
  });
}

export async function createFollowUp(db: Database, viewer: Viewer, caseId: string, input: FollowUpCreate): Promise<FollowUpRow> {
  const dueDate = checkDueDate(input.dueDate);
  const subject = checkSubject(input.subject);
  const ownerId = input.ownerId ?? viewer.userId;
  if (!ownerId) {
    throw new AppError('validation_failed', { field: 'ownerId', detail: 'Bitte geben Sie an, wen die Wiedervorlage erinnern soll („ownerId“).' });
  }
  return withTenant(db, viewer, async (trx) => {
    const found = await requireVisibleCase(trx, viewer, caseId, { write: true });
    const owner = await checkOwner(trx, viewer.tenantId, ownerId, found.org_unit_id);
    const id = uuidv7();
    await trx
      .insertInto('follow_ups')
      .values({
        id, tenant_id: viewer.tenantId, case_id: caseId, owner_id: owner.id, due_date: dueDate, subject,
        description: input.description?.trim() ?? '', done_at: null, done_by: null, created_by: viewer.userId,
      })
      .execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'follow_up.created', actor: viewer.actor,
      data: { followUpId: id, dueDate, owner: { id: owner.id, name: owner.display_name } },
    });
    return reload(trx, viewer.tenantId, caseId, id);
  });
}

type Set = { due_date?: string; subject?: string; description?: string; owner_id?: string };

/** Edit fields, mark done (done: true) or reopen (done: false); each kind of change is one event. */
export async function updateFollowUp(db: Database, viewer: Viewer, caseId: string, id: string, patch: FollowUpPatch): Promise<FollowUpRow> {
  return withTenant(db, viewer, async (trx) => {
    const found = await requireVisibleCase(trx, viewer, caseId, { write: true });
    const row = await findFollowUp(trx, viewer.tenantId, caseId, id);
    if (!row) throw followUpNotFound(id);
    const set: Set = {};
    const data: Record<string, unknown> = { followUpId: id };
    if (patch.dueDate !== undefined && patch.dueDate !== row.due_date) {
      set.due_date = checkDueDate(patch.dueDate);
      data.dueDate = { from: row.due_date, to: set.due_date };
    }
    if (patch.subject !== undefined && checkSubject(patch.subject) !== row.subject) set.subject = checkSubject(patch.subject);
    if (patch.description !== undefined && patch.description.trim() !== row.description) set.description = patch.description.trim();
    if (patch.ownerId !== undefined && patch.ownerId !== row.owner_id) {
      const owner = await checkOwner(trx, viewer.tenantId, patch.ownerId, found.org_unit_id);
      set.owner_id = owner.id;
      data.owner = { from: { id: row.owner_id, name: row.owner_name }, to: { id: owner.id, name: owner.display_name } };
    }
    if (Object.keys(set).length) {
      await trx.updateTable('follow_ups').set(set).where('tenant_id', '=', viewer.tenantId).where('id', '=', id).execute();
      data.changed = Object.keys(set).map((k) => ({ due_date: 'dueDate', subject: 'subject', description: 'description', owner_id: 'owner' })[k]);
      await appendEvent(trx, viewer.tenantId, { caseId, type: 'follow_up.updated', actor: viewer.actor, data });
    }
    const isDone = row.done_at !== null;
    if (patch.done !== undefined && patch.done !== isDone) {
      await trx
        .updateTable('follow_ups')
        .set(patch.done ? { done_at: new Date(), done_by: viewer.userId } : { done_at: null, done_by: null })
        .where('tenant_id', '=', viewer.tenantId)
        .where('id', '=', id)
        .execute();
      await appendEvent(trx, viewer.tenantId, {
        caseId, type: patch.done ? 'follow_up.done' : 'follow_up.reopened', actor: viewer.actor,
        data: { followUpId: id, dueDate: set.due_date ?? row.due_date },
      });
    }
    return reload(trx, viewer.tenantId, caseId, id);
  });
}

export interface MyFollowUpQuery {
  owner?: string;
  state?: FollowUpState;
  limit?: number;
}

export async function listMyFollowUps(db: Database, viewer: Viewer, query: MyFollowUpQuery) {
  const owner = query.owner ?? 'me';
  const ownerId = owner === 'me' ? viewer.userId : owner;
  if (!ownerId) {
    throw new AppError('validation_failed', { field: 'owner', detail: '„owner=me“ ist nur für angemeldete Personen möglich; bitte die ID einer Person angeben.' });
  }
  return withTenant(db, viewer, (trx) => listForOwner(trx, viewer, ownerId, query.state ?? 'open', query.limit ?? 200, owner === 'me'));
}
