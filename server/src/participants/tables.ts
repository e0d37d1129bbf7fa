import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Day = ColumnType<string | null, string | null | undefined, string | null>;

/** Participants of a case besides the applicant (migration 0058); days are yyyy-mm-dd, select them as text. */
export interface CaseParticipantsTable {
  id: string; tenant_id: string; case_id: string; role: ParticipantRole; profession: Profession | null; name: string;
  email: string | null; mailbox_identifier: string | null; invited_by: string | null; invited_by_name: string; invited_at: Generated<Date>;
  revoked_at: Timestamp | null; revoked_by_name: string | null;
  statement_due_on: Day; statement_note: string | null; statement_requested_at: Timestamp | null;
  statement_received_at: Timestamp | null; statement_message_id: string | null; last_access_at: Timestamp | null;
}
export interface ParticipantSharesTable {
  tenant_id: string; participant_id: string; item_kind: ShareKind; item_id: string; shared_by_name: string; shared_at: Generated<Date>;
}

export const PARTICIPANT_ROLES = ['representative', 'co_applicant', 'authority'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const PROFESSIONS = ['lawyer', 'tax_adviser', 'architect', 'other'] as const;
export type Profession = (typeof PROFESSIONS)[number];
export const SHARE_KINDS = ['message', 'attachment'] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

// The tables join the one schema type here, beside the room that owns them, so parallel rooms do
// not edit the same lines of db/schema.ts (the same way outbox payload types are declared).
declare module '../db/schema.js' {
  interface Database {
    case_participants: CaseParticipantsTable;
    participant_shares: ParticipantSharesTable;
  }
  interface MessagesTable {
    /** Migration 0058: the participant who wrote a message on channel 'participant'. */
    participant_id: ColumnType<string | null, string | null | undefined, string | null>;
  }
  interface ServicesTable {
    /** Migration 0058: minimum STORK-QAA level (1–4) of a participant's portal sign-in; null: any. */
    participant_trust_level: ColumnType<number | null, number | null | undefined, number | null>;
  }
}
