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
  /** What the Postfach services of the user accounts additionally need (server/src/mailbox/postfach). */
  context?: {
    /** The authority as sender (tenant name or the configured sender name). */
    authorityName: string;
    /** The service applied for (case title). */
    serviceName: string;
    /** The application's id at the online service (intake transaction id) or our case id. */
    applicationId: string;
    /** The applicant's account trust level as the form system sent it (STORK-QAA / eIDAS). */
    trustLevel?: string;
  };
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
  /** portal, external, or one of the Postfach channels (bundid, osi, bayernid, muk). */
  readonly channel: string;
  send(message: OutgoingMailboxMessage): Promise<SendResult>;
  fetchUpdates?(cursor: string | null): Promise<MailboxUpdates>;
}
