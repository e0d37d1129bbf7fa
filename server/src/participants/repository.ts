import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { ShareKind } from './tables.js';

const PARTICIPANT_COLUMNS = [
  'id', 'case_id', 'role', 'profession', 'name', 'email', 'mailbox_identifier', 'invited_by_name', 'invited_at', 'revoked_at', 'revoked_by_name',
  'statement_note', 'statement_requested_at', 'statement_received_at', 'statement_message_id', 'last_access_at',
] as const;

export async function participantsOfCase(trx: Trx, tenantId: string, caseId: string) {
  return trx.selectFrom('case_participants').select(PARTICIPANT_COLUMNS)
    .select(sql<string | null>`statement_due_on::text`.as('statement_due_on'))
    .where('tenant_id', '=', tenantId).where('case_id', '=', caseId)
    .orderBy('invited_at').orderBy('id').execute();
}

export type ParticipantRow = Awaited<ReturnType<typeof participantsOfCase>>[number];

/** An active (not revoked) participant of this case, or undefined. */
export async function activeParticipant(trx: Trx, tenantId: string, caseId: string, participantId: string, forUpdate = false): Promise<ParticipantRow | undefined> {
  let q = trx.selectFrom('case_participants').select(PARTICIPANT_COLUMNS)
    .select(sql<string | null>`statement_due_on::text`.as('statement_due_on'))
    .where('tenant_id', '=', tenantId).where('case_id', '=', caseId).where('id', '=', participantId).where('revoked_at', 'is', null);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function sharesOf(trx: Trx, tenantId: string, participantIds: string[]) {
  if (participantIds.length === 0) return [];
  return trx.selectFrom('participant_shares').select(['participant_id', 'item_kind', 'item_id', 'shared_at', 'shared_by_name'])
    .where('tenant_id', '=', tenantId).where('participant_id', 'in', participantIds).orderBy('shared_at').execute();
}

/** Whether a message or document with this id belongs to this case (only items of the case can be shared). */
export async function itemOfCase(trx: Trx, tenantId: string, caseId: string, kind: ShareKind, itemId: string): Promise<boolean> {
  const table = kind === 'message' ? 'messages' : 'attachments';
  const row = await trx.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where('case_id', '=', caseId).where('id', '=', itemId).executeTakeFirst();
  return Boolean(row);
}
