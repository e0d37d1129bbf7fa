/** What a mailbox channel gets to deliver: the message and where its attachments' bytes are. */
export interface OutgoingMailboxMessage {
  /** Our message id; the receiving side refers to it in replies. */
  id: string;
  tenantId: string;
  caseNumber: string;
  kind: string;
  subject: string;
  body: string;
  replyBy: string | null;
  /** The applicant's mailbox id at the external service (applicant.mailbox.identifier). */
  mailboxId: string | null;
  attachments: Array<{ fileName: string; mimeType: string; sha256: string; sizeBytes: number }>;
  /** Sent with every attempt; the same on a redelivery after a crash. */
  idempotencyKey: string;
}

export interface SendResult {
  externalId: string | null;
  status: 'sent' | 'delivered';
}

export interface IncomingAttachment {
  fileName: string;
  mimeType?: string;
  /** base64 */
  content: string;
}

/** A reply of the applicant as the external service reports it. */
export interface IncomingReply {
  /** The service's id of the reply (deduplication). */
  id: string;
  /** Our message id the reply answers. */
  reference: string;
  subject?: string;
  content: string;
  attachments?: IncomingAttachment[];
}

export interface StatusUpdate {
  /** The service's id of our message (from SendResult). */
  messageId: string;
  status: 'delivered' | 'read' | 'failed';
  reason?: string;
}

export interface MailboxUpdates {
  replies: IncomingReply[];
  statuses: StatusUpdate[];
  cursor: string | null;
}

/**
 * One mailbox channel: sends messages, and reports replies and delivery states. The citizen portal
 * (built in) receives replies through its own routes; external services report them by webhook or
 * are polled with fetchUpdates.
 */
export interface MailboxAdapter {
  readonly channel: 'portal' | 'external';
  send(message: OutgoingMailboxMessage): Promise<SendResult>;
  fetchUpdates?(cursor: string | null): Promise<MailboxUpdates>;
}
