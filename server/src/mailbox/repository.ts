import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Applicant } from '../db/schema.js';

export const MESSAGE_COLUMNS = [
  'messages.id', 'messages.case_id', 'messages.direction', 'messages.kind', 'messages.subject', 'messages.body',
  'messages.delivery_status', 'messages.failure_reason', 'messages.channel', 'messages.external_id', 'messages.in_reply_to',
  'messages.outbox_id', 'messages.created_by_name', 'messages.created_at', 'messages.sent_at', 'messages.delivered_at', 'messages.read_at',
  'messages.letter_attachment_id', 'messages.posted_by_name',
] as const;

/** Messages of a case (oldest first) with the state of their outbox delivery. */
export async function listCaseMessages(trx: Trx, tenantId: string, caseId: string) {
  return trx
    .selectFrom('messages')
    .leftJoin('outbox', 'outbox.id', 'messages.outbox_id')
    .select(MESSAGE_COLUMNS)
    .select([
      sql<string | null>`messages.reply_by::text`.as('reply_by'),
      sql<string | null>`messages.posted_on::text`.as('posted_on'),
      'outbox.status as outbox_status', 'outbox.attempts as outbox_attempts', 'outbox.last_error as outbox_error',
      'outbox.next_attempt_at as outbox_next_attempt_at',
    ])
    .where('messages.tenant_id', '=', tenantId)
    .where('messages.case_id', '=', caseId)
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .execute();
}
export type MessageRow = Awaited<ReturnType<typeof listCaseMessages>>[number];

export async function findMessage(trx: Trx, tenantId: string, messageId: string) {
  return trx
    .selectFrom('messages')
    .select(MESSAGE_COLUMNS)
    .select(sql<string | null>`messages.reply_by::text`.as('reply_by'))
    .select(sql<string | null>`messages.posted_on::text`.as('posted_on'))
    .where('messages.tenant_id', '=', tenantId)
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
}

/** Attachments of the given messages, in their order, with the message they belong to. */
export async function listMessageAttachments(trx: Trx, tenantId: string, messageIds: string[]) {
  if (!messageIds.length) return [];
  return trx
    .selectFrom('message_attachments as ma')
    .innerJoin('attachments as a', 'a.id', 'ma.attachment_id')
    .select(['ma.message_id', 'a.id', 'a.file_name', 'a.mime_type', 'a.size_bytes', 'a.sha256', 'a.scan_status'])
    .where('ma.tenant_id', '=', tenantId)
    .where('ma.message_id', 'in', messageIds)
    .orderBy('ma.message_id')
    .orderBy('ma.position')
    .execute();
}

export async function caseOfMessage(trx: Trx, tenantId: string, caseId: string) {
  const row = await trx
    .selectFrom('cases')
    .select(['id', 'case_number', 'status', 'applicant', 'applicant_name', 'assignee_id', 'title', 'transaction_id', 'read_only_since'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', caseId)
    .executeTakeFirst();
  return row ? { ...row, applicant: row.applicant as unknown as Applicant } : undefined;
}

export async function mailboxSettings(trx: Trx, tenantId: string) {
  return trx.selectFrom('mailbox_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function tenantName(trx: Trx, tenantId: string): Promise<string> {
  const row = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  return row?.name ?? 'Ihre Verwaltung';
}
