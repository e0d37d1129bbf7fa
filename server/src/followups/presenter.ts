import type { CaseStatus } from '../cases/lifecycle.js';
import type { FollowUpRow } from './repository.js';

const iso = (value: Date | string) => new Date(value).toISOString();
const person = (id: string | null, name: string | null) => (id ? { id, displayName: name ?? '' } : null);

export function presentFollowUp(row: FollowUpRow) {
  return {
    id: row.id,
    caseId: row.case_id,
    dueDate: row.due_date,
    subject: row.subject,
    description: row.description,
    owner: { id: row.owner_id, displayName: row.owner_name },
    done: row.done_at !== null,
    overdue: Boolean(row.overdue),
    doneAt: row.done_at ? iso(row.done_at) : null,
    doneBy: person(row.done_by, row.done_by_name),
    createdBy: person(row.created_by, row.created_by_name),
    createdAt: iso(row.created_at),
  };
}

/** `me`: the person asking for their own list; a follow-up of someone else in it is one they cover. */
export function presentMyFollowUp(row: FollowUpRow & { case_number: string; case_title: string; case_status: string }, me: string | null = null) {
  return {
    ...presentFollowUp(row),
    inDeputyFor: me && row.owner_id !== me ? { id: row.owner_id, displayName: row.owner_name } : null,
    case: { id: row.case_id, caseNumber: row.case_number, title: row.case_title, status: row.case_status as CaseStatus },
  };
}
