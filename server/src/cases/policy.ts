import type { Permission } from '../auth/permissions/catalog.js';
import { AppError } from '../shared/errors.js';
import { ACTION_LABELS, ASSIGNABLE_STATUSES, TRANSITION_ACTIONS, TRANSITIONS, type TransitionAction } from './lifecycle.js';
import type { Viewer } from './viewer.js';

/*
 * The case policy: what a viewer may do with a case they can see. Whether they can see it at all is
 * the query scope (tenant by row-level security, org units by applyFilters): an invisible case is 404.
 */

/** Lifecycle actions (plus 'assign') the holder of these permissions may take on a case in this status. */
export function allowedActions(status: string, permissions: ReadonlySet<Permission>): string[] {
  const actions: string[] = [];
  if (permissions.has('case.transition')) {
    for (const action of TRANSITION_ACTIONS) {
      if ((TRANSITIONS[action].from as readonly string[]).includes(status)) actions.push(action);
    }
  }
  if (permissions.has('case.assign') && (ASSIGNABLE_STATUSES as readonly string[]).includes(status)) actions.push('assign');
  return actions;
}

/**
 * Actions that stay with the owning municipality when another one works its case (decision 0031):
 * forwarding moves the case between the owner's org units (the helper knows only its own, and the
 * grant names its unit), a deletion request belongs to the owner's records management.
 */
export const OWNER_ONLY_ACTIONS: readonly TransitionAction[] = ['forward', 'request_deletion'];

/** Refuses an owner-only action to a person working the case for another municipality. */
export function assertActionOpenTo(viewer: Viewer, action: TransitionAction): void {
  if (viewer.delegation && OWNER_ONLY_ACTIONS.includes(action)) {
    throw new AppError('forbidden', {
      field: 'action',
      detail: `Die Aktion „${ACTION_LABELS[action]}“ bleibt der Kommune vorbehalten, der der Vorgang gehört.`,
    });
  }
}

/** The actions of the case detail: the lifecycle's, plus unassign / take over where assigning is allowed. */
export function caseActions(viewer: Viewer, row: { status: string; assignee_id: string | null }): string[] {
  const actions = allowedActions(row.status, viewer.permissions).filter((a) => !viewer.delegation || !(OWNER_ONLY_ACTIONS as readonly string[]).includes(a));
  if (actions.includes('assign')) {
    if (row.assignee_id) actions.push('unassign');
    if (viewer.userId && row.assignee_id !== viewer.userId) actions.push('take_over');
  }
  return actions;
}

/** Permissions that apply to one case, in the order the case detail lists them. */
export const CASE_PERMISSIONS = [
  'case.transition', 'case.assign', 'note.write', 'followup.write', 'task.write', 'message.send', 'decision.write', 'decision.release', 'records.hold',
  'deadline.extend',
  'participant.manage',
] as const satisfies readonly Permission[];
export type CasePermission = (typeof CASE_PERMISSIONS)[number];

/** A release and a task need a person; a note needs a named author (a person or a registered Fachverfahren). */
function mayHold(viewer: Viewer, permission: CasePermission): boolean {
  // A task is one person asking another (tasks/): a machine client asks nobody.
  if (permission === 'decision.release' || permission === 'task.write') return viewer.userId !== null;
  if (permission === 'note.write') return viewer.userId !== null || viewer.clientId !== undefined;
  return true;
}

/**
 * A case handed over to the E-Akte as the lead record (xdomea, issue #16) is kept there from then on:
 * here it is read-only, so the two copies cannot drift apart. Refused with 409, nothing changes.
 */
export function assertWritable(row: { case_number: string; read_only_since?: Date | null }): void {
  if (row.read_only_since) {
    throw new AppError('case_read_only', {
      detail: `Der Vorgang ${row.case_number} wurde federführend an die E-Akte abgegeben und kann hier nicht mehr geändert werden.`,
    });
  }
}

/** Rights that change a case: a read-only case (handed over as the lead record) keeps none of them. */
const WRITING: readonly CasePermission[] = ['case.transition', 'case.assign', 'note.write', 'followup.write', 'task.write', 'message.send', 'decision.write', 'decision.release', 'deadline.extend',
  'participant.manage'];

/** What the viewer may do with this (visible) case; the web app shows exactly these controls. */
export function casePermissions(viewer: Viewer, row?: { read_only_since?: Date | null }): CasePermission[] {
  const held = CASE_PERMISSIONS.filter((p) => viewer.permissions.has(p) && mayHold(viewer, p));
  return row?.read_only_since ? held.filter((p) => !WRITING.includes(p)) : held;
}

/** Bulk actions need the permission of the single action they repeat. */
export function requireBulkPermission(viewer: Viewer, action: 'assign' | 'accept'): void {
  if (!viewer.permissions.has(action === 'assign' ? 'case.assign' : 'case.transition')) throw new AppError('forbidden');
}
