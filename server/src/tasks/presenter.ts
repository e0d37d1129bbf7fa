import type { CaseStatus } from '../cases/lifecycle.js';
import type { Viewer } from '../cases/viewer.js';
import { mayCancel, mayComplete } from './policy.js';
import type { MyTaskRow, TaskRow } from './repository.js';
import type { TaskKind, TaskOutcome } from './schemas.js';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentTask(row: TaskRow, viewer: Viewer) {
  const open = row.state === 'open';
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as TaskKind,
    instruction: row.instruction,
    assignee: row.assignee_user_id
      ? { kind: 'user' as const, id: row.assignee_user_id, displayName: row.assignee_user_name ?? '' }
      : { kind: 'org_unit' as const, id: row.assignee_org_unit_id!, displayName: row.assignee_unit_name ?? '' },
    dueDate: row.due_on,
    state: row.state,
    overdue: Boolean(row.overdue),
    outcome: (row.outcome as TaskOutcome | null) ?? null,
    outcomeComment: row.outcome_comment,
    createdBy: { id: row.created_by, displayName: row.created_by_name },
    createdAt: iso(row.created_at),
    closedBy: row.closed_at ? { id: row.closed_by, displayName: row.closed_by_name ?? '' } : null,
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    mayComplete: open && mayComplete(viewer, row),
    mayCancel: open && mayCancel(viewer, row),
  };
}

export function presentMyTask(row: MyTaskRow, viewer: Viewer) {
  return {
    ...presentTask(row, viewer),
    case: { id: row.case_id, caseNumber: row.case_number, title: row.case_title, status: row.case_status as CaseStatus },
  };
}
