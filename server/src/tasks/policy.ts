import type { Viewer } from '../cases/viewer.js';
import type { TaskRow } from './repository.js';

/*
 * Who may close a task. Completing is the assignee's: the person, or anyone who belongs to the
 * assigned org unit — whether or not they may otherwise change the case (a co-signer from another
 * unit holds no case.transition there). Cancelling (withdrawing the request) is the creator's, or
 * of someone who may change the case's status anyway.
 */
type Assignment = Pick<TaskRow, 'assignee_user_id' | 'assignee_org_unit_id'>;

export function mayComplete(viewer: Viewer, task: Assignment): boolean {
  if (!viewer.userId) return false;
  if (task.assignee_user_id) return task.assignee_user_id === viewer.userId;
  return task.assignee_org_unit_id !== null && viewer.orgUnitIds.includes(task.assignee_org_unit_id);
}

export function mayCancel(viewer: Viewer, task: Pick<TaskRow, 'created_by'>): boolean {
  if (!viewer.userId) return false;
  return task.created_by === viewer.userId || viewer.permissions.has('case.transition');
}
