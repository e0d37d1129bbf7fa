import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { enqueue } from '../outbox/enqueue.js';
import { permissionsOfRoles } from '../auth/permissions/catalog.js';
import { AppError } from '../shared/errors.js';
import { assertAssignable, nextStatus, TRANSITIONS, type TransitionAction } from './lifecycle.js';
import { assertActionOpenTo, assertWritable } from './policy.js';
import { findCase, latestEventActor, type CaseDetailRow } from './repository.js';
import { caseNotFound, loadCaseDetail, type CaseDetail } from './queries.js';
import { actingActor, type Viewer } from './viewer.js';
import { enqueueStatusMonitorUpdate } from '../mailbox/postfach/status-monitor.js';

export interface TransitionInput {
  action: TransitionAction;
  version: number;
  reason?: string;
  orgUnitId?: string;
}

export interface AssignInput {
  assigneeId: string | null;
  version: number;
}

type Change = Record<string, { from: unknown; to: unknown }>;

/** When the change happened; default: now. Only the demo, which back-dates its history, sets it. */
export interface ChangeOptions {
  at?: Date;
}

export async function versionConflict(trx: Trx, tenantId: string, caseId: string): Promise<AppError> {
  const current = await trx.selectFrom('cases').select('version').where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
  if (!current) return caseNotFound(caseId);
  const changedBy = (await latestEventActor(trx, tenantId, caseId)) ?? 'Unbekannt';
  return new AppError('version_conflict', {
    field: 'version',
    detail: `Der Vorgang wurde zwischenzeitlich von ${changedBy} geändert. Bitte laden Sie ihn neu.`,
    extra: { currentVersion: current.version, changedBy },
  });
}

export async function loadForChange(trx: Trx, viewer: Viewer, caseId: string, version: number): Promise<CaseDetailRow> {
  const row = await findCase(trx, viewer, caseId);
  if (!row) throw caseNotFound(caseId);
  assertWritable(row);
  if (row.version !== version) throw await versionConflict(trx, viewer.tenantId, caseId);
  requireHandler(viewer, row);
  return row;
}

/**
 * A case handed over exclusively to a Fachverfahren changes status and assignee only through it
 * (server/src/clients); the desk reads it and may take it back. A Fachverfahren changes only the
 * cases it has taken over, so two systems never drive one case at once.
 */
export function requireHandler(viewer: Viewer, row: Pick<CaseDetailRow, 'handler_client_id' | 'handler_exclusive' | 'handler_client_name'>): void {
  if (viewer.clientId) {
    if (row.handler_client_id !== viewer.clientId) {
      throw new AppError('case_handed_over', {
        detail: row.handler_client_id
          ? `Der Vorgang ist an das Fachverfahren „${row.handler_client_name ?? ''}“ übergeben.`
          : 'Übernehmen Sie den Vorgang zuerst (POST /api/cases/{id}/handover), bevor Sie ihn ändern.',
      });
    }
    return;
  }
  if (row.handler_client_id && row.handler_exclusive) {
    throw new AppError('case_handed_over', {
      detail: `Der Vorgang ist an das Fachverfahren „${row.handler_client_name ?? ''}“ übergeben. Holen Sie ihn zurück, um ihn selbst zu bearbeiten.`,
    });
  }
}

/**
 * Writes the change only if nobody else changed the case since the caller read it (optimistic
 * concurrency), then records the history event and the outbox notice in the same transaction.
 */
export async function applyChange(
  trx: Trx, viewer: Viewer, row: CaseDetailRow,
  set: {
    status?: string; org_unit_id?: string; assignee_id?: string | null; status_before_forward?: string | null;
    handler_client_id?: string | null; handler_exclusive?: boolean;
  },
  event: { type: 'case.status_changed' | 'case.assigned' | 'case.handed_over' | 'case.returned'; data: Change; body: Record<string, unknown> },
  options: ChangeOptions = {},
): Promise<void> {
  const result = await trx
    .updateTable('cases')
    .set({ ...set, version: row.version + 1, updated_at: options.at ?? new Date() })
    .where('tenant_id', '=', viewer.tenantId)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw await versionConflict(trx, viewer.tenantId, row.id);
  const appended = await appendEvent(trx, viewer.tenantId, { caseId: row.id, type: event.type, actor: actingActor(viewer, row), data: event.data, occurredAt: options.at });
  await enqueue(trx, viewer.tenantId, 'domain_event', {
    eventType: event.type,
    body: { caseId: row.id, caseNumber: row.case_number, version: row.version + 1, ...event.body },
  }, { idempotencyKey: `${event.type}:${appended.id}` });
  if (set.status && set.status !== row.status) {
    await enqueueStatusMonitorUpdate(trx, viewer.tenantId, row.id, { from: row.status, to: set.status, at: options.at ?? new Date(), eventId: appended.id });
  }
}

async function orgUnitOf(trx: Trx, tenantId: string, orgUnitId: string) {
  const unit = await trx.selectFrom('org_units').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', '=', orgUnitId).executeTakeFirst();
  if (!unit) throw new AppError('unprocessable', { field: 'orgUnitId', detail: `Die Organisationseinheit „${orgUnitId}“ gibt es in dieser Kommune nicht.` });
  return unit;
}

export async function transitionCase(db: Database, viewer: Viewer, caseId: string, input: TransitionInput, options: ChangeOptions = {}): Promise<CaseDetail> {
  return withTenant(db, viewer, async (trx) => {
    assertActionOpenTo(viewer, input.action);
    const row = await loadForChange(trx, viewer, caseId, input.version);
    const to = nextStatus(row.status, input.action);
    const reason = input.reason?.trim() || undefined;
    const requires = TRANSITIONS[input.action].requires;
    if (requires === 'reason' && !reason) {
      throw new AppError('validation_failed', { field: 'reason', detail: 'Bitte geben Sie eine Begründung („reason“) an.' });
    }
    const data: Change = { status: { from: row.status, to } };
    const set: Parameters<typeof applyChange>[3] = { status: to };
    if (reason) data.reason = { from: null, to: reason };
    if (requires === 'orgUnitId') {
      if (!input.orgUnitId) {
        throw new AppError('validation_failed', { field: 'orgUnitId', detail: 'Bitte wählen Sie die Organisationseinheit („orgUnitId“), an die weitergeleitet wird.' });
      }
      const target = await orgUnitOf(trx, viewer.tenantId, input.orgUnitId);
      if (target.id === row.org_unit_id) {
        throw new AppError('unprocessable', { field: 'orgUnitId', detail: `Der Vorgang liegt bereits bei „${target.name}“.` });
      }
      // The case moves to the other unit's inbox; the old unit's assignee no longer holds it.
      Object.assign(set, { org_unit_id: target.id, assignee_id: null, status_before_forward: row.status });
      data.orgUnit = { from: { id: row.org_unit_id, name: row.org_unit_name }, to: { id: target.id, name: target.name } };
      if (row.assignee_id) data.assignee = { from: { id: row.assignee_id, name: row.assignee_name }, to: null };
    }
    await applyChange(trx, viewer, row, set, {
      type: 'case.status_changed',
      data,
      body: { action: input.action, from: row.status, to, ...(set.org_unit_id ? { orgUnitId: set.org_unit_id } : {}) },
    }, options);
    // The actor just acted on the case, so show it even if it left their units (forward).
    return loadCaseDetail(trx, { ...viewer, orgUnitIds: [] }, caseId);
  });
}

async function checkAssignee(trx: Trx, tenantId: string, assigneeId: string, orgUnitId: string) {
  const user = await trx
    .selectFrom('users')
    .select(['id', 'display_name', 'roles', 'org_unit_ids', 'active'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', assigneeId)
    .executeTakeFirst();
  if (!user || !user.active) {
    throw new AppError('unprocessable', { field: 'assigneeId', detail: `Die Person „${assigneeId}“ ist keine aktive Mitarbeiterin / kein aktiver Mitarbeiter dieser Kommune.` });
  }
  if (!permissionsOfRoles(user.roles).has('case.transition')) {
    throw new AppError('unprocessable', { field: 'assigneeId', detail: `${user.display_name} darf Vorgänge nicht bearbeiten und kann sie daher nicht zugewiesen bekommen.` });
  }
  if (user.org_unit_ids.length && !user.org_unit_ids.includes(orgUnitId)) {
    throw new AppError('unprocessable', { field: 'assigneeId', detail: `${user.display_name} hat keinen Zugriff auf die Organisationseinheit dieses Vorgangs.` });
  }
  return user;
}

/** Assign, take over (assign to oneself) or unassign (null). */
export async function assignCase(db: Database, viewer: Viewer, caseId: string, input: AssignInput, options: ChangeOptions = {}): Promise<CaseDetail> {
  return withTenant(db, viewer, async (trx) => {
    const row = await loadForChange(trx, viewer, caseId, input.version);
    assertAssignable(row.status);
    if (input.assigneeId === row.assignee_id) return loadCaseDetail(trx, viewer, caseId);
    const user = input.assigneeId ? await checkAssignee(trx, viewer.tenantId, input.assigneeId, row.org_unit_id) : null;
    await applyChange(trx, viewer, row, { assignee_id: user?.id ?? null }, {
      type: 'case.assigned',
      data: {
        assignee: {
          from: row.assignee_id ? { id: row.assignee_id, name: row.assignee_name } : null,
          to: user ? { id: user.id, name: user.display_name } : null,
        },
      },
      body: { assigneeId: user?.id ?? null, previousAssigneeId: row.assignee_id },
    }, options);
    return loadCaseDetail(trx, viewer, caseId);
  });
}
