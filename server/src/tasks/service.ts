import { sql } from 'kysely';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { permissionsOfRoles } from '../auth/permissions/catalog.js';
import type { Viewer } from '../cases/viewer.js';
import { requireVisibleCase } from '../notes/case-access.js';
import { checkDueDate } from '../followups/validation.js';
import { mayCancel, mayComplete } from './policy.js';
import { findTask, listByCase, listOpenFor, lockTask, type TaskRow } from './repository.js';
import { OUTCOMES_OF, type TaskComplete, type TaskCreate, type TaskKind } from './schemas.js';

/*
 * History events of tasks name the task, its kind, due day, assignee (a colleague or a unit) and
 * outcome — never the instruction or the comment, which may describe the applicant.
 */

const taskNotFound = (id: string) => new AppError('not_found', { detail: `Die Aufgabe „${id}“ wurde nicht gefunden.` });

export async function listCaseTasks(db: Database, viewer: Viewer, caseId: string): Promise<TaskRow[]> {
  return withTenant(db, viewer, async (trx) => {
    await requireVisibleCase(trx, viewer, caseId);
    return listByCase(trx, viewer.tenantId, caseId);
  });
}

interface Assignee { kind: 'user' | 'org_unit'; id: string; name: string }

/** A person of this municipality who may read cases, or one of its org units; anything else names the field (422). */
async function checkAssignee(trx: Trx, tenantId: string, input: TaskCreate): Promise<Assignee> {
  if ((input.assigneeUserId === undefined) === (input.assigneeOrgUnitId === undefined)) {
    throw new AppError('validation_failed', { field: 'assigneeUserId', detail: 'Bitte geben Sie genau eine Person („assigneeUserId“) oder eine Organisationseinheit („assigneeOrgUnitId“) an.' });
  }
  if (input.assigneeUserId) {
    const user = await trx.selectFrom('users').select(['id', 'display_name', 'roles', 'active'])
      .where('tenant_id', '=', tenantId).where('id', '=', input.assigneeUserId).executeTakeFirst();
    if (!user || !user.active || !permissionsOfRoles(user.roles).has('case.read')) {
      throw new AppError('unprocessable', { field: 'assigneeUserId', detail: `Die Person „${input.assigneeUserId}“ ist keine aktive Mitarbeiterin / kein aktiver Mitarbeiter dieser Kommune.` });
    }
    return { kind: 'user', id: user.id, name: user.display_name };
  }
  const unit = await trx.selectFrom('org_units').select(['id', 'name'])
    .where('tenant_id', '=', tenantId).where('id', '=', input.assigneeOrgUnitId!).executeTakeFirst();
  if (!unit) {
    throw new AppError('unprocessable', { field: 'assigneeOrgUnitId', detail: `Die Organisationseinheit „${input.assigneeOrgUnitId}“ gibt es in dieser Kommune nicht.` });
  }
  return { kind: 'org_unit', id: unit.id, name: unit.name };
}

/**
 * Tells the assignee in the desk: the person, or every active member of the unit (except the one
 * asking). One notification per person and case; a new task on the same case marks it unread again.
 */
async function notifyAssignee(trx: Trx, tenantId: string, caseId: string, assignee: Assignee, except: string | null): Promise<void> {
  const people = assignee.kind === 'user'
    ? [assignee.id]
    : (await trx.selectFrom('users').select('id').where('tenant_id', '=', tenantId).where('active', '=', true)
      .where(sql<boolean>`${assignee.id}::uuid = any(org_unit_ids)`).execute()).map((u) => u.id);
  const recipients = people.filter((id) => id !== except);
  if (!recipients.length) return;
  await trx.insertInto('notifications')
    .values(recipients.map((userId) => ({ id: uuidv7(), tenant_id: tenantId, user_id: userId, kind: 'task.assigned', case_id: caseId })))
    .onConflict((oc) => oc.columns(['user_id', 'case_id', 'kind']).doUpdateSet({ read_at: null }))
    .execute();
}

export async function createTask(db: Database, viewer: Viewer, caseId: string, input: TaskCreate): Promise<TaskRow> {
  const dueDate = checkDueDate(input.dueDate);
  const instruction = input.instruction.trim();
  if (!instruction) throw new AppError('validation_failed', { field: 'instruction', detail: 'Bitte beschreiben Sie die Aufgabe („instruction“).' });
  return withTenant(db, viewer, async (trx) => {
    await requireVisibleCase(trx, viewer, caseId, { write: true });
    const assignee = await checkAssignee(trx, viewer.tenantId, input);
    const id = uuidv7();
    await trx.insertInto('case_tasks').values({
      id, tenant_id: viewer.tenantId, case_id: caseId, kind: input.kind, instruction, due_on: dueDate,
      assignee_user_id: assignee.kind === 'user' ? assignee.id : null,
      assignee_org_unit_id: assignee.kind === 'org_unit' ? assignee.id : null,
      outcome: null, outcome_comment: null, created_by: viewer.userId, created_by_name: viewer.actor.name,
      closed_by: null, closed_by_name: null, closed_at: null,
    }).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'task.created', actor: viewer.actor,
      data: { taskId: id, kind: input.kind, dueDate, assignee: { kind: assignee.kind, id: assignee.id, name: assignee.name } },
    });
    await notifyAssignee(trx, viewer.tenantId, caseId, assignee, viewer.userId);
    return (await findTask(trx, viewer.tenantId, caseId, id))!;
  });
}

/** The open task, or 404 for an unknown one (also another tenant's) and 409 for one already closed. */
async function openTask(trx: Trx, viewer: Viewer, caseId: string, id: string): Promise<TaskRow> {
  const task = await lockTask(trx, viewer.tenantId, caseId, id);
  if (!task) throw taskNotFound(id);
  if (task.state !== 'open') {
    throw new AppError('task_closed', { detail: task.state === 'done' ? 'Diese Aufgabe ist bereits erledigt.' : 'Diese Aufgabe wurde zurückgezogen.' });
  }
  return task;
}

/** Refuses someone who may not close the task: 404 if they cannot even see the case, otherwise 403. */
async function refuse(trx: Trx, viewer: Viewer, caseId: string, detail: string): Promise<never> {
  await requireVisibleCase(trx, viewer, caseId);
  throw new AppError('forbidden', { detail });
}

export async function completeTask(db: Database, viewer: Viewer, caseId: string, id: string, input: TaskComplete): Promise<TaskRow> {
  return withTenant(db, viewer, async (trx) => {
    const task = await openTask(trx, viewer, caseId, id);
    if (!mayComplete(viewer, task)) await refuse(trx, viewer, caseId, 'Nur die Person oder Organisationseinheit, der die Aufgabe zugewiesen ist, kann sie erledigen.');
    const kind = task.kind as TaskKind;
    if (!OUTCOMES_OF[kind].includes(input.outcome)) {
      throw new AppError('validation_failed', { field: 'outcome', detail: `Dieses Ergebnis („outcome“) passt nicht zur Art der Aufgabe; möglich: ${OUTCOMES_OF[kind].join(', ')}.` });
    }
    await trx.updateTable('case_tasks').set({
      state: 'done', outcome: input.outcome, outcome_comment: input.comment?.trim() || null,
      closed_by: viewer.userId, closed_by_name: viewer.actor.name, closed_at: new Date(),
    }).where('tenant_id', '=', viewer.tenantId).where('id', '=', id).execute();
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'task.completed', actor: viewer.actor, data: { taskId: id, kind, outcome: input.outcome } });
    return (await findTask(trx, viewer.tenantId, caseId, id))!;
  });
}

export async function cancelTask(db: Database, viewer: Viewer, caseId: string, id: string): Promise<TaskRow> {
  return withTenant(db, viewer, async (trx) => {
    await requireVisibleCase(trx, viewer, caseId, { write: true });
    const task = await openTask(trx, viewer, caseId, id);
    if (!mayCancel(viewer, task)) throw new AppError('forbidden', { detail: 'Eine Aufgabe zurückziehen kann nur, wer sie angelegt hat oder den Vorgang bearbeiten darf.' });
    await trx.updateTable('case_tasks').set({ state: 'cancelled', closed_by: viewer.userId, closed_by_name: viewer.actor.name, closed_at: new Date() })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', id).execute();
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'task.cancelled', actor: viewer.actor, data: { taskId: id, kind: task.kind } });
    return (await findTask(trx, viewer.tenantId, caseId, id))!;
  });
}

/** „Meine Aufgaben“: only people have them (an API key is assigned nothing). */
export async function listMyTasks(db: Database, viewer: Viewer, limit = 200) {
  if (!viewer.userId) throw new AppError('forbidden', { detail: '„Meine Aufgaben“ gibt es nur für angemeldete Mitarbeiterinnen und Mitarbeiter.' });
  const userId = viewer.userId;
  return withTenant(db, viewer, (trx) => listOpenFor(trx, viewer.tenantId, userId, viewer.orgUnitIds, limit));
}
