import type { Trx } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { appendEvent } from '../events/chain.js';
import { enqueue } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertReleasable } from '../scanning/guard.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { createLetter } from './letter.js';
import { assertWritable } from '../cases/policy.js';
import { caseOfMessage } from './repository.js';
import { channelToUse, resolveRoute, type RouteChannel } from './route.js';
import { pauseDeadline } from '../deadlines/pause.js';

export type OutgoingKind = 'message' | 'decision';
export type MailboxChannel = RouteChannel;

export interface OutgoingMessageInput {
  subject: string;
  body: string;
  /** Attachments of the case (ids) that go with the message. */
  attachmentIds: string[];
  /** Reply requested by this date (YYYY-MM-DD). */
  replyBy?: string;
  kind: OutgoingKind;
  /** 'letter': print and post it instead (see route.ts: never chosen silently). */
  deliverAs?: 'letter';
}

export const SUBJECT_MAX = 200;
export const BODY_MAX = 20_000;

const caseNotFound = (caseId: string) => new AppError('not_found', { detail: `Der Vorgang „${caseId}“ wurde nicht gefunden.` });

function validate(input: OutgoingMessageInput): { subject: string; body: string; replyBy: string | null } {
  const subject = input.subject?.trim() ?? '';
  const body = input.body?.trim() ?? '';
  if (!subject) throw new AppError('validation_failed', { field: 'subject', detail: 'Bitte geben Sie einen Betreff („subject“) an.' });
  if (subject.length > SUBJECT_MAX) {
    throw new AppError('validation_failed', { field: 'subject', detail: `Der Betreff („subject“) darf höchstens ${SUBJECT_MAX} Zeichen lang sein.` });
  }
  if (!body) throw new AppError('validation_failed', { field: 'body', detail: 'Bitte geben Sie einen Nachrichtentext („body“) an.' });
  if (body.length > BODY_MAX) {
    throw new AppError('validation_failed', { field: 'body', detail: `Der Nachrichtentext („body“) darf höchstens ${BODY_MAX} Zeichen lang sein.` });
  }
  let replyBy: string | null = null;
  if (input.replyBy) {
    const day = input.replyBy.slice(0, 10);
    const date = new Date(`${day}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
      throw new AppError('validation_failed', { field: 'replyBy', detail: 'Die Antwortfrist („replyBy“) muss ein gültiges Datum (JJJJ-MM-TT) sein.' });
    }
    if (day < new Date().toISOString().slice(0, 10)) {
      throw new AppError('validation_failed', { field: 'replyBy', detail: 'Die Antwortfrist („replyBy“) darf nicht in der Vergangenheit liegen.' });
    }
    replyBy = day;
  }
  return { subject, body, replyBy };
}

/**
 * Stores an outgoing message to the applicant of a case, appends 'message.sent' to the case
 * history and records its delivery in the outbox, all in the caller's transaction: if that rolls
 * back, nothing is sent. Used for queries (kind 'message') and decisions (kind 'decision'). The
 * way is the one resolveRoute shows the caseworker; a printed letter is rendered and filed here
 * too (same transaction) and waits for the caseworker to confirm the posting instead of the outbox.
 */
export async function sendMessage(
  trx: Trx, tenantId: string, caseId: string, input: OutgoingMessageInput, actor: Actor, deps: { blobs?: BlobStore } = {},
): Promise<{ messageId: string }> {
  const kase = await caseOfMessage(trx, tenantId, caseId);
  if (!kase) throw caseNotFound(caseId);
  assertWritable(kase);
  const { subject, body, replyBy } = validate(input);
  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  const attachments = attachmentIds.length
    ? await trx
        .selectFrom('attachments')
        .select(['id', 'file_name', 'scan_status', 'kind'])
        .where('tenant_id', '=', tenantId)
        .where('case_id', '=', caseId)
        .where('id', 'in', attachmentIds)
        .execute()
    : [];
  const missing = attachmentIds.find((id) => !attachments.some((a) => a.id === id));
  if (missing) {
    throw new AppError('unprocessable', { field: 'attachmentIds', detail: `Die Anlage „${missing}“ gehört nicht zu diesem Vorgang.` });
  }
  // A quarantined file is not forwarded to the applicant either.
  attachments.forEach(assertReleasable);
  const channel = channelToUse(await resolveRoute(trx, tenantId, kase.applicant), input.deliverAs);
  const messageId = uuidv7();
  let outboxId: string | null = null;
  let letterAttachmentId: string | null = null;
  if (channel === 'letter') {
    if (!deps.blobs) throw new AppError('internal', { internal: 'sendMessage: a letter needs the blob store' });
    ({ attachmentId: letterAttachmentId } = await createLetter(trx, deps.blobs, tenantId, kase, {
      kind: input.kind, subject, body, replyBy, attachments: attachmentIds.map((id) => attachments.find((a) => a.id === id)!),
    }, actor));
  } else {
    outboxId = await enqueue(trx, tenantId, 'mailbox_message', { messageId }, { idempotencyKey: `mailbox_message:${messageId}` });
  }
  await trx
    .insertInto('messages')
    .values({
      id: messageId,
      tenant_id: tenantId,
      case_id: caseId,
      direction: 'out',
      kind: input.kind,
      subject,
      body,
      reply_by: replyBy,
      channel,
      outbox_id: outboxId,
      created_by: actor.kind === 'user' ? actor.id : null,
      created_by_name: actor.name,
      failure_reason: null,
      external_id: null,
      in_reply_to: null,
      sent_at: null,
      delivered_at: null,
      read_at: null,
      letter_attachment_id: letterAttachmentId,
    })
    .execute();
  for (const [position, id] of attachmentIds.entries()) {
    await trx.insertInto('message_attachments').values({ tenant_id: tenantId, message_id: messageId, attachment_id: id, position }).execute();
  }
  const ordered = attachmentIds.map((id) => attachments.find((a) => a.id === id)!);
  await appendEvent(trx, tenantId, {
    caseId,
    type: 'message.sent',
    actor,
    data: {
      messageId, kind: input.kind, subject, channel, replyBy, ...(letterAttachmentId ? { letterAttachmentId } : {}),
      attachments: ordered.map((a) => ({ id: a.id, fileName: a.file_name })),
    },
  });
  // A query that awaits the applicant's reply stops the processing deadline until the reply (deadlines/).
  if (input.kind === 'message' && replyBy) await pauseDeadline(trx, tenantId, caseId, actor, messageId);
  return { messageId };
}
