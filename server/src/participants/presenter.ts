import type { ParticipantRow } from './repository.js';

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** A statement request as the desk and the participant see it: due day, and overdue once it has passed unanswered. */
export function presentStatement(row: Pick<ParticipantRow, 'statement_due_on' | 'statement_note' | 'statement_requested_at' | 'statement_received_at' | 'statement_message_id'>, today: string) {
  if (!row.statement_due_on) return null;
  return {
    dueOn: row.statement_due_on,
    note: row.statement_note,
    requestedAt: iso(row.statement_requested_at)!,
    receivedAt: iso(row.statement_received_at),
    messageId: row.statement_message_id,
    overdue: !row.statement_received_at && row.statement_due_on < today,
    requestedOn: null as string | null,
    movedBecause: null as string | null,
  };
}

export function presentParticipant(row: ParticipantRow, shares: Array<{ item_kind: string; item_id: string; shared_at: Date; shared_by_name: string }>, today: string) {
  return {
    id: row.id,
    role: row.role,
    profession: row.profession,
    name: row.name,
    email: row.email,
    mailboxIdentifier: row.mailbox_identifier,
    invitedAt: iso(row.invited_at)!,
    invitedBy: row.invited_by_name,
    revokedAt: iso(row.revoked_at),
    lastAccessAt: iso(row.last_access_at),
    statement: presentStatement(row, today),
    shares: shares.map((s) => ({ itemKind: s.item_kind as 'message' | 'attachment', itemId: s.item_id, sharedAt: iso(s.shared_at)!, sharedBy: s.shared_by_name })),
  };
}
