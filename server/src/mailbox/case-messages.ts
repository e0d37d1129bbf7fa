import { sql } from 'kysely';
import { withTenant, type Database, type Trx } from '../db/database.js';
import { findCase } from '../cases/repository.js';
import { addAttachment } from '../cases/service.js';
import { actingActor, type Viewer } from '../cases/viewer.js';
import { appendEvent } from '../events/chain.js';
import { enqueue } from '../outbox/enqueue.js';
import { requeueOutboxMessage } from '../outbox/repository.js';
import { AppError } from '../shared/errors.js';
import type { Applicant } from '../db/schema.js';
import type { ReceivedFile } from './inbound.js';
import { groupAttachments, presentMessage } from './presenter.js';
import { listCaseMessages, listMessageAttachments } from './repository.js';
import { resolveRoute } from './route.js';
import { sendMessage } from './service.js';
import type { BlobStore } from '../blobs/blob-store.js';

const caseNotFound = (caseId: string) => new AppError('not_found', { detail: `Der Vorgang „${caseId}“ wurde nicht gefunden.` });

async function requireCase(trx: Trx, viewer: Viewer, caseId: string) {
  const row = await findCase(trx, viewer, caseId);
  if (!row) throw caseNotFound(caseId);
  return row;
}

async function presentedMessages(trx: Trx, tenantId: string, caseId: string) {
  const rows = await listCaseMessages(trx, tenantId, caseId);
  const attachments = groupAttachments(await listMessageAttachments(trx, tenantId, rows.map((r) => r.id)));
  return rows.map((r) => presentMessage(r, attachments.get(r.id) ?? []));
}

export async function listMessagesOfCase(db: Database, viewer: Viewer, caseId: string) {
  return withTenant(db, viewer, async (trx) => {
    await requireCase(trx, viewer, caseId);
    const marker = await trx.selectFrom('cases').select('unread_reply').where('tenant_id', '=', viewer.tenantId).where('id', '=', caseId).executeTakeFirstOrThrow();
    return { items: await presentedMessages(trx, viewer.tenantId, caseId), unreadReply: marker.unread_reply };
  });
}

export interface ComposeInput {
  subject: string;
  body: string;
  attachmentIds: string[];
  replyBy?: string;
  /** Files uploaded with the message; they become attachments of the case. */
  uploads: ReceivedFile[];
  deliverAs?: 'letter';
}

/** A caseworker writes to the applicant: uploads become case attachments, then sendMessage. */
export async function composeMessage(db: Database, blobs: BlobStore, viewer: Viewer, caseId: string, input: ComposeInput) {
  return withTenant(db, viewer, async (trx) => {
    const actor = actingActor(viewer, await requireCase(trx, viewer, caseId));
    const uploaded: string[] = [];
    for (const file of input.uploads) uploaded.push((await addAttachment(trx, viewer.tenantId, caseId, { ...file, kind: 'message' }, actor)).id);
    const { messageId } = await sendMessage(trx, viewer.tenantId, caseId, {
      subject: input.subject, body: input.body, attachmentIds: [...input.attachmentIds, ...uploaded], replyBy: input.replyBy, kind: 'message',
      deliverAs: input.deliverAs,
    }, actor, { blobs });
    const items = await presentedMessages(trx, viewer.tenantId, caseId);
    return items.find((m) => m.id === messageId)!;
  });
}

/**
 * Delivers a failed or waiting message again now: a dead letter is put back into the outbox, a
 * waiting one is made due at once, and a message the external service reported as failed gets a
 * new delivery (new idempotency key: the service refused the old one).
 */
export async function retryMessage(db: Database, viewer: Viewer, caseId: string, messageId: string) {
  return withTenant(db, viewer, async (trx) => {
    await requireCase(trx, viewer, caseId);
    const current = (await presentedMessages(trx, viewer.tenantId, caseId)).find((m) => m.id === messageId);
    if (!current || current.direction !== 'out') throw new AppError('not_found', { detail: `Die Nachricht „${messageId}“ wurde nicht gefunden.` });
    if (!current.canRetry) {
      throw new AppError('conflict', { detail: 'Die Nachricht ist zugestellt oder wird gerade zugestellt; ein erneuter Versuch ist nicht nötig.' });
    }
    const row = await trx.selectFrom('messages').select(['outbox_id', 'delivery_status']).where('tenant_id', '=', viewer.tenantId).where('id', '=', messageId).executeTakeFirstOrThrow();
    const outbox = row.outbox_id
      ? await trx.selectFrom('outbox').select(['id', 'status']).where('tenant_id', '=', viewer.tenantId).where('id', '=', row.outbox_id).executeTakeFirst()
      : undefined;
    let outboxId = row.outbox_id;
    if (outbox?.status === 'dead') await requeueOutboxMessage(trx, viewer.tenantId, outbox.id);
    else if (outbox?.status === 'pending') {
      await trx.updateTable('outbox').set({ next_attempt_at: sql`now()` }).where('tenant_id', '=', viewer.tenantId).where('id', '=', outbox.id).execute();
    } else {
      const attempt = await trx.selectFrom('case_events').select(sql<string>`count(*)`.as('n')).where('tenant_id', '=', viewer.tenantId)
        .where('case_id', '=', caseId).where('type', '=', 'message.retried').executeTakeFirstOrThrow();
      outboxId = await enqueue(trx, viewer.tenantId, 'mailbox_message', { messageId }, { idempotencyKey: `mailbox_message:${messageId}:retry-${Number(attempt.n) + 1}` });
    }
    await trx.updateTable('messages').set({ delivery_status: 'queued', failure_reason: null, outbox_id: outboxId })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', messageId).execute();
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'message.retried', actor: viewer.actor, data: { messageId, previousStatus: current.deliveryStatus } });
    return (await presentedMessages(trx, viewer.tenantId, caseId)).find((m) => m.id === messageId)!;
  });
}

/** The caseworker has seen the applicant's replies: the inbox marker goes away. */
export async function markRepliesSeen(db: Database, viewer: Viewer, caseId: string): Promise<void> {
  await withTenant(db, viewer, async (trx) => {
    await requireCase(trx, viewer, caseId);
    await trx.updateTable('cases').set({ unread_reply: false }).where('tenant_id', '=', viewer.tenantId).where('id', '=', caseId).execute();
  });
}

/** The way a message to the applicant of this case would go now, and why (shown before sending). */
export async function routeOfCase(db: Database, viewer: Viewer, caseId: string) {
  return withTenant(db, viewer, async (trx) => {
    const row = await requireCase(trx, viewer, caseId);
    return resolveRoute(trx, viewer.tenantId, row.applicant as unknown as Applicant);
  });
}

/** Today in Berlin, as YYYY-MM-DD (the caseworker's calendar day, not UTC's). */
const berlinDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(date);

/**
 * The caseworker posted a printed letter: its delivery state becomes 'sent' with the posting date
 * and the history says so. The date may not lie in the future nor before the letter was made.
 */
export async function confirmLetterPosted(db: Database, viewer: Viewer, caseId: string, messageId: string, postedOn: string) {
  return withTenant(db, viewer, async (trx) => {
    await requireCase(trx, viewer, caseId);
    const message = await trx.selectFrom('messages').select(['id', 'channel', 'delivery_status', 'created_at', 'direction'])
      .where('tenant_id', '=', viewer.tenantId).where('case_id', '=', caseId).where('id', '=', messageId).forUpdate().executeTakeFirst();
    if (!message || message.direction !== 'out') throw new AppError('not_found', { detail: `Die Nachricht „${messageId}“ wurde nicht gefunden.` });
    if (message.channel !== 'letter') throw new AppError('conflict', { detail: 'Nur ein Brief kann als per Post versandt bestätigt werden.' });
    if (message.delivery_status !== 'queued') throw new AppError('conflict', { detail: 'Der Versand dieses Briefs ist bereits bestätigt.' });
    const day = new Date(`${postedOn}T12:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(postedOn) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== postedOn) {
      throw new AppError('validation_failed', { field: 'postedOn', detail: 'Das Versanddatum („postedOn“) muss ein gültiges Datum (JJJJ-MM-TT) sein.' });
    }
    if (postedOn > berlinDay(new Date())) {
      throw new AppError('validation_failed', { field: 'postedOn', detail: 'Das Versanddatum („postedOn“) darf nicht in der Zukunft liegen.' });
    }
    const created = berlinDay(new Date(message.created_at));
    if (postedOn < created) {
      throw new AppError('validation_failed', { field: 'postedOn', detail: `Das Versanddatum („postedOn“) darf nicht vor der Erstellung des Briefs (${created.split('-').reverse().join('.')}) liegen.` });
    }
    await trx.updateTable('messages').set({ delivery_status: 'sent', sent_at: new Date(), posted_on: postedOn, posted_by_name: viewer.actor.name })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', messageId).execute();
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'message.posted', actor: viewer.actor, data: { messageId, postedOn } });
    return (await presentedMessages(trx, viewer.tenantId, caseId)).find((m) => m.id === messageId)!;
  });
}

/** The letter PDF of a message, for the download (our own rendering). */
export async function letterOfMessage(db: Database, blobs: BlobStore, viewer: Viewer, caseId: string, messageId: string) {
  const file = await withTenant(db, viewer, async (trx) => {
    await requireCase(trx, viewer, caseId);
    return trx.selectFrom('messages').innerJoin('attachments', 'attachments.id', 'messages.letter_attachment_id')
      .select(['attachments.file_name', 'attachments.sha256'])
      .where('messages.tenant_id', '=', viewer.tenantId).where('messages.case_id', '=', caseId).where('messages.id', '=', messageId)
      .executeTakeFirst();
  });
  if (!file) throw new AppError('not_found', { detail: 'Zu dieser Nachricht gibt es keinen Brief.' });
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs.get(file.sha256)) chunks.push(chunk as Buffer);
  return { fileName: file.file_name, bytes: Buffer.concat(chunks) };
}
