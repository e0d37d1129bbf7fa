import type { MessageRow } from './repository.js';
import type { ScanStatus } from '../scanning/scanner.js';

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

export interface PresentedAttachment { id: string; fileName: string; mimeType: string; sizeBytes: number; scanStatus: ScanStatus }

/**
 * A message as the caseworker sees it. The delivery state of a message still queued comes from
 * its outbox row: a dead letter is 'failed' with the outbox's reason, and a failed attempt that
 * will be retried is shown with its error and the time of the next attempt.
 */
export function presentMessage(row: MessageRow, attachments: PresentedAttachment[]) {
  const dead = row.outbox_status === 'dead';
  const waiting = row.delivery_status === 'queued' && row.outbox_status === 'pending';
  const deliveryStatus = row.delivery_status === 'queued' && dead ? 'failed' : row.delivery_status;
  return {
    id: row.id,
    direction: row.direction,
    kind: row.kind,
    subject: row.subject,
    body: row.body,
    replyBy: row.reply_by,
    channel: row.channel,
    deliveryStatus: deliveryStatus as 'queued' | 'sent' | 'delivered' | 'read' | 'failed',
    failureReason: deliveryStatus === 'failed' ? (row.failure_reason ?? row.outbox_error ?? 'Zustellung fehlgeschlagen') : null,
    lastAttemptError: waiting && (row.outbox_attempts ?? 0) > 0 ? row.outbox_error : null,
    nextAttemptAt: waiting && (row.outbox_attempts ?? 0) > 0 ? iso(row.outbox_next_attempt_at) : null,
    canRetry: row.direction === 'out' && (deliveryStatus === 'failed' || (waiting && (row.outbox_attempts ?? 0) > 0)),
    inReplyTo: row.in_reply_to,
    author: row.created_by_name,
    createdAt: iso(row.created_at)!,
    sentAt: iso(row.sent_at),
    deliveredAt: iso(row.delivered_at),
    readAt: iso(row.read_at),
    attachments,
    letter: row.letter_attachment_id
      ? { attachmentId: row.letter_attachment_id, postedOn: row.posted_on, postedBy: row.posted_by_name }
      : null,
  };
}

export function groupAttachments(rows: Array<{ message_id: string; id: string; file_name: string; mime_type: string; size_bytes: number | string; scan_status: string }>) {
  const byMessage = new Map<string, PresentedAttachment[]>();
  for (const r of rows) {
    const list = byMessage.get(r.message_id) ?? [];
    list.push({ id: r.id, fileName: r.file_name, mimeType: r.mime_type, sizeBytes: Number(r.size_bytes), scanStatus: r.scan_status as ScanStatus });
    byMessage.set(r.message_id, list);
  }
  return byMessage;
}
