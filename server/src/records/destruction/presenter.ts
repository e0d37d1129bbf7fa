import type { Viewer } from '../../cases/viewer.js';
import type { LOG_ACTIONS } from './schemas.js';

type LogAction = (typeof LOG_ACTIONS)[number];
import type { ListRow, ListSummaryRow } from './repository.js';
import type { ListDetail } from './review.js';
import type { ProtocolRow } from './protocol.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function head(list: ListRow) {
  return {
    id: list.id, number: list.number, state: list.state as 'proposed' | 'approved' | 'confirmed', asOf: iso(list.as_of)!, proposedAt: iso(list.proposed_at)!,
    approvedBy: list.approved_by_name, approvedAt: iso(list.approved_at), confirmedBy: list.confirmed_by_name, confirmedAt: iso(list.confirmed_at),
  };
}

export const presentSummary = (row: ListSummaryRow) => ({
  ...head(row), counts: { included: row.included, waiting: row.waiting, removed: row.removed, ordered: row.ordered },
});

/** A list for review; canApprove/canConfirm tell the desk which step this person may take (four-eyes). */
export function presentDetail({ list, entries, log }: ListDetail, viewer: Viewer) {
  return {
    ...head(list),
    entries: entries.map((e) => ({
      caseId: e.case_id, caseNumber: e.case_number, serviceName: e.service_name, appraisal: e.appraisal as 'A' | 'B' | 'V', dueAt: iso(e.due_at)!,
      state: e.state as 'included' | 'removed' | 'ordered', archive: e.archive as 'not_required' | 'awaiting' | 'answered',
      waitingReason: e.state === 'included' && e.archive === 'awaiting' ? ('Archivangebot ausstehend' as const) : null,
      onHold: Boolean(e.on_hold), removedReason: e.removed_reason, removedBy: e.removed_by_name, removedAt: iso(e.removed_at),
    })),
    log: log.map((l) => ({ at: iso(l.at)!, action: l.action as LogAction, actor: l.actor_name, caseNumber: l.case_number, reason: l.reason })),
    canApprove: list.state === 'proposed',
    canConfirm: list.state === 'approved' && list.approved_by !== viewer.userId,
  };
}

export const presentProtocolRow = (r: ProtocolRow) => ({
  id: r.id, caseNumber: r.case_number, serviceName: r.service_name, appraisal: r.appraisal, caseClosedAt: iso(r.case_closed_at),
  retentionDueAt: iso(r.retention_due_at), listId: r.list_id, listNumber: r.list_number, reason: r.reason, approvedBy: r.approved_by, purgedAt: iso(r.purged_at)!,
});
