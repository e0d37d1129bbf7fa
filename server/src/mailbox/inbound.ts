import type { Trx } from '../db/database.js';
import type { ScanStatus } from '../scanning/scanner.js';
import type { Actor } from '../auth/principal.js';
import { addAttachment } from '../cases/service.js';
import { appendEvent } from '../events/chain.js';
import { enqueue } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { BODY_MAX, SUBJECT_MAX } from './service.js';
import type { StatusUpdate } from './adapters/types.js';
import { resumeDeadline } from '../deadlines/pause.js';

/** A file already in the blob store, checked like an intake attachment (sniffed type, no executables). */
export interface ReceivedFile {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  scanStatus?: ScanStatus;
}

export interface IncomingMessageInput {
  subject?: string;
  body: string;
  attachments: ReceivedFile[];
  /** Files of the reply that were refused (malware found); named in the history, never stored. */
  refusedFiles?: Array<{ fileName: string; reason: 'malware_found' }>;
  /** portal, external, or the Postfach channel the reply came through (bundid, osi, bayernid, muk). */
  channel: string;
  /** Our outgoing message this answers (must belong to the same case). */
  inReplyTo?: string | null;
  /** The external service's id of the reply: a second report of it is ignored. */
  externalId?: string | null;
  /** The portal account that wrote it. */
  accountId?: string | null;
}

export const applicantActor = (channel: string, accountId: string | null = null): Actor => ({
  kind: 'applicant',
  id: accountId,
  name: channel === 'portal' ? 'Antragsteller/in (Bürgerportal)' : 'Antragsteller/in (Postfach)',
});

/**
 * A reply of the applicant lands on the case: the message, its attachments (as case attachments),
 * the 'message.received' event, the "reply received" marker of the inbox and an e-mail to the
 * assigned caseworker, all in the caller's transaction. Returns null for a reply already received.
 */
export async function receiveReply(trx: Trx, tenantId: string, caseId: string, input: IncomingMessageInput, publicUrl: string): Promise<{ messageId: string } | null> {
  const body = input.body.trim();
  if (!body && !input.attachments.length && !input.refusedFiles?.length) {
    throw new AppError('validation_failed', { field: 'body', detail: 'Bitte schreiben Sie eine Nachricht oder fügen Sie eine Datei bei.' });
  }
  if (body.length > BODY_MAX) throw new AppError('validation_failed', { field: 'body', detail: `Die Nachricht darf höchstens ${BODY_MAX} Zeichen lang sein.` });
  if (input.externalId) {
    const seen = await trx.selectFrom('messages').select('id').where('tenant_id', '=', tenantId)
      .where('channel', '=', input.channel).where('external_id', '=', input.externalId).where('direction', '=', 'in').executeTakeFirst();
    if (seen) return null;
  }
  const kase = await trx.selectFrom('cases').select(['id', 'case_number', 'assignee_id']).where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
  if (!kase) throw new AppError('not_found', { detail: 'Der Antrag wurde nicht gefunden.' });
  let original: { id: string; subject: string } | undefined;
  if (input.inReplyTo) {
    original = await trx.selectFrom('messages').select(['id', 'subject']).where('tenant_id', '=', tenantId)
      .where('case_id', '=', caseId).where('id', '=', input.inReplyTo).where('direction', '=', 'out').executeTakeFirst();
    if (!original) throw new AppError('unprocessable', { field: 'inReplyTo', detail: 'Die beantwortete Nachricht gehört nicht zu diesem Antrag.' });
  }
  const subject = (input.subject?.trim() || (original ? `Re: ${original.subject}` : 'Nachricht der antragstellenden Person')).slice(0, SUBJECT_MAX);
  const actor = applicantActor(input.channel, input.accountId ?? null);
  const messageId = uuidv7();
  const now = new Date();
  await trx.insertInto('messages').values({
    id: messageId, tenant_id: tenantId, case_id: caseId, direction: 'in', kind: 'reply', subject, body, reply_by: null,
    delivery_status: 'delivered', failure_reason: null, channel: input.channel, external_id: input.externalId ?? null,
    in_reply_to: original?.id ?? null, outbox_id: null, created_by: input.accountId ?? null, created_by_name: actor.name,
    sent_at: now, delivered_at: now, read_at: null,
  }).execute();
  const files = [];
  for (const [position, file] of input.attachments.entries()) {
    const { id } = await addAttachment(trx, tenantId, caseId, { ...file, kind: 'reply' }, actor);
    await trx.insertInto('message_attachments').values({ tenant_id: tenantId, message_id: messageId, attachment_id: id, position }).execute();
    files.push({ id, fileName: file.fileName });
  }
  await trx.updateTable('cases').set({ unread_reply: true }).where('tenant_id', '=', tenantId).where('id', '=', caseId).execute();
  await appendEvent(trx, tenantId, {
    caseId,
    type: 'message.received',
    actor,
    data: {
      messageId, subject, channel: input.channel, inReplyTo: original?.id ?? null, attachments: files,
      ...(input.refusedFiles?.length ? { refusedAttachments: input.refusedFiles } : {}),
    },
  });
  await resumeDeadline(trx, tenantId, caseId, actor, messageId);
  await notifyAssignee(trx, tenantId, kase, messageId, publicUrl);
  return { messageId };
}

async function notifyAssignee(trx: Trx, tenantId: string, kase: { id: string; case_number: string; assignee_id: string | null }, messageId: string, publicUrl: string) {
  if (!kase.assignee_id) return;
  const user = await trx.selectFrom('users').select(['email', 'active']).where('tenant_id', '=', tenantId).where('id', '=', kase.assignee_id).executeTakeFirst();
  if (!user?.active) return;
  await enqueue(trx, tenantId, 'email', {
    to: user.email,
    subject: `Antwort eingegangen: Vorgang ${kase.case_number}`,
    text: `Zum Vorgang ${kase.case_number} ist eine Antwort der antragstellenden Person eingegangen.\n\n${publicUrl.replace(/\/+$/, '')}/vorgaenge/${kase.id}\n`,
  }, { idempotencyKey: `mailbox_reply_notice:${messageId}` });
}

/** A delivery state reported by the external service for one of our messages (never goes backwards). */
export async function applyStatusUpdate(trx: Trx, tenantId: string, update: StatusUpdate): Promise<boolean> {
  const message = await trx.selectFrom('messages').select(['id', 'case_id', 'delivery_status']).where('tenant_id', '=', tenantId)
    .where('direction', '=', 'out').where('external_id', '=', update.messageId).executeTakeFirst();
  if (!message) return false;
  const order = ['queued', 'failed', 'sent', 'delivered', 'read'];
  if (update.status === 'failed') {
    if (message.delivery_status === 'read' || message.delivery_status === 'delivered') return false;
    await trx.updateTable('messages').set({ delivery_status: 'failed', failure_reason: (update.reason ?? 'vom Postfachdienst gemeldet').slice(0, 200) })
      .where('id', '=', message.id).execute();
    return true;
  }
  if (order.indexOf(update.status) <= order.indexOf(message.delivery_status)) return false;
  const now = new Date();
  await trx.updateTable('messages')
    .set(update.status === 'read' ? { delivery_status: 'read', read_at: now } : { delivery_status: 'delivered', delivered_at: now })
    .where('id', '=', message.id).execute();
  if (update.status === 'read') {
    await appendEvent(trx, tenantId, { caseId: message.case_id, type: 'message.read', actor: applicantActor('external'), data: { messageId: message.id } });
  }
  return true;
}
