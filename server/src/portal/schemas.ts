import { Type } from '@sinclair/typebox';
import { ScanStatusSchema } from '../scanning/schema.js';

const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description ? { description } : {}) });
const DateTime = Type.String({ format: 'date-time' });

export const LinkRequestSchema = Type.Object({ email: Type.String({ format: 'email', maxLength: 320, description: 'E-Mail-Adresse aus dem Antrag' }) }, { additionalProperties: false });
export const SessionBodySchema = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200, description: 'Token aus dem Anmeldelink' }) }, { additionalProperties: false });
export const TextSchema = Type.Object({ message: Type.String() });
export const PortalMeSchema = Type.Object({
  email: Type.Union([Type.String(), Type.Null()], { description: 'Bestätigte E-Mail-Adresse (fehlt bei Servicekonten ohne bestätigte Adresse)' }),
  authority: Type.String(),
  csrfToken: Type.String(),
  signInMethod: Type.Union([Type.Literal('link'), Type.Literal('oidc')], { description: 'link: Anmeldelink per E-Mail; oidc: Servicekonto' }),
  trustLevel: Type.Union([Type.String(), Type.Null()], { description: 'Vertrauensniveau der Servicekonto-Anmeldung (STORK-QAA-Level-1 … 4)' }),
});

export const CaseParamsSchema = Type.Object({ id: Uuid('ID des Antrags') });
export const MessageParamsSchema = Type.Object({ id: Uuid('ID des Antrags'), messageId: Uuid('ID der Nachricht') });
export const AttachmentParamsSchema = Type.Object({ id: Uuid('ID des Antrags'), attachmentId: Uuid('ID der Datei') });

export const ReplyBodySchema = Type.Unsafe<unknown>({
  description: 'Teil „body“ (Text), optional „inReplyTo“ (ID der beantworteten Nachricht), beliebig viele Dateien „attachment“.',
});

const ApplicationSchema = Type.Object({
  id: Uuid(),
  caseNumber: Type.String(),
  title: Type.String(),
  service: Type.String(),
  status: Type.String(),
  receivedAt: DateTime,
  updatedAt: DateTime,
  unreadMessages: Type.Integer(),
});
export const ApplicationListSchema = Type.Object({ items: Type.Array(ApplicationSchema) });

export const PortalMessageSchema = Type.Object({
  id: Uuid(),
  direction: Type.Union([Type.Literal('out'), Type.Literal('in')], { description: 'out: von der Verwaltung; in: eigene Antwort' }),
  kind: Type.String({ description: 'message, decision oder reply' }),
  subject: Type.String(),
  body: Type.String(),
  replyBy: Type.Union([Type.String(), Type.Null()]),
  sentAt: DateTime,
  readAt: Type.Union([DateTime, Type.Null()]),
  inReplyTo: Type.Union([Uuid(), Type.Null()]),
  attachments: Type.Array(Type.Object({ id: Uuid(), fileName: Type.String(), mimeType: Type.String(), sizeBytes: Type.Integer(), scanStatus: ScanStatusSchema })),
});
export const ApplicationDetailSchema = Type.Object({ ...ApplicationSchema.properties, messages: Type.Array(PortalMessageSchema) });
