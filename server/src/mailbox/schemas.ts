import { Type, type Static } from '@sinclair/typebox';
import { ScanStatusSchema } from '../scanning/schema.js';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const DateTime = Type.String({ format: 'date-time' });

export const MessageAttachmentSchema = Type.Object({
  id: Uuid(), fileName: Type.String(), mimeType: Type.String(), sizeBytes: Type.Integer(), scanStatus: ScanStatusSchema,
});

export const MessageSchema = Type.Object({
  id: Uuid(),
  direction: Type.Union([Type.Literal('out'), Type.Literal('in')], { description: 'out: an die antragstellende Person; in: Antwort von ihr' }),
  kind: Type.String({ description: 'message (Rückfrage/Nachricht), decision (Bescheid), reply (Antwort)' }),
  subject: Type.String(),
  body: Type.String(),
  replyBy: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  channel: Type.String({ description: 'bundid, osi, bayernid, muk (Postfach des Nutzerkontos), external (externer Postfachdienst), portal (E-Mail mit Link zum Bürgerportal) oder letter (Brief per Post)' }),
  deliveryStatus: Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('delivered'), Type.Literal('read'), Type.Literal('failed')]),
  failureReason: Type.Union([Type.String(), Type.Null()]),
  /** A failed attempt while delivery is still being retried. */
  lastAttemptError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: Type.Union([DateTime, Type.Null()]),
  canRetry: Type.Boolean(),
  inReplyTo: Type.Union([Uuid(), Type.Null()]),
  author: Type.String(),
  createdAt: DateTime,
  sentAt: Type.Union([DateTime, Type.Null()]),
  deliveredAt: Type.Union([DateTime, Type.Null()]),
  readAt: Type.Union([DateTime, Type.Null()]),
  attachments: Type.Array(MessageAttachmentSchema),
  letter: Type.Union([Type.Object({
    attachmentId: Uuid('Der Brief als PDF (Anlage des Vorgangs)'),
    postedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'Per Post versandt am (bestätigt); null: zum Versand bereit' }),
    postedBy: Type.Union([Type.String(), Type.Null()]),
  }), Type.Null()], { description: 'Nur bei channel „letter“ (gedruckter Brief)' }),
});

export const MessageListSchema = Type.Object({ items: Type.Array(MessageSchema), unreadReply: Type.Boolean() });

export const DeliverAsSchema = Type.Literal('letter', {
  description: 'Als Brief erstellen (zum Ausdrucken und Versenden per Post) statt elektronisch zuzustellen',
});

export const MessageRouteSchema = Type.Object({
  channel: Type.Union([Type.String(), Type.Null()], { description: 'Der Zustellweg, den eine Nachricht jetzt nähme; null: keiner' }),
  label: Type.String(),
  reason: Type.String({ description: 'Warum dieser Weg (für die Sachbearbeitung)' }),
  missing: Type.Array(Type.String(), { description: 'Angaben der antragstellenden Person, die einen besseren Weg öffnen würden' }),
  letterPossible: Type.Boolean({ description: 'Ein Brief ist möglich (Postanschrift vollständig)' }),
});

export const PostedBodySchema = Type.Object({
  postedOn: Type.String({ description: 'Per Post versandt am (JJJJ-MM-TT), nicht in der Zukunft', maxLength: 10 }),
}, { additionalProperties: false });

export const SendMessageBodySchema = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 200 }),
  body: Type.String({ minLength: 1, maxLength: 20000 }),
  attachmentIds: Type.Optional(Type.Array(Uuid(), { maxItems: 50, description: 'Anlagen des Vorgangs, die mitgeschickt werden' })),
  replyBy: Type.Optional(Type.String({ format: 'date', description: 'Antwort erbeten bis (JJJJ-MM-TT)' })),
  deliverAs: Type.Optional(DeliverAsSchema),
}, { additionalProperties: false });
export type SendMessageBody = Static<typeof SendMessageBodySchema>;

export const MultipartSendBody = Type.Unsafe<unknown>({
  description: 'Teile „subject“, „body“, optional „replyBy“, „deliverAs“ (letter) und „attachmentIds“ (kommagetrennt) sowie beliebig viele Dateien „attachment“ (werden Anlagen des Vorgangs).',
});

export const CaseParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs') });
export const MessageParamsSchema = Type.Object({ id: Uuid('ID des Vorgangs'), messageId: Uuid('ID der Nachricht') });

export const MailboxSettingsSchema = Type.Object({
  externalBaseUrl: Type.Union([Type.String(), Type.Null()], { description: 'Basisadresse des externen Postfachdienstes; null: Bürgerportal' }),
  hasToken: Type.Boolean(),
  hasWebhookSecret: Type.Boolean(),
  webhookUrl: Type.String(),
});
export const MailboxSettingsBodySchema = Type.Object({
  externalBaseUrl: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
  token: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  webhookSecret: Type.Optional(Type.Union([Type.String({ minLength: 16, maxLength: 200 }), Type.Null()])),
}, { additionalProperties: false });
export type MailboxSettingsBody = Static<typeof MailboxSettingsBodySchema>;
