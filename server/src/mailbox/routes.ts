import { Type } from '@sinclair/typebox';
import multipart from '@fastify/multipart';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { requireTenantPrincipal } from '../auth/principal.js';
import { caseViewer } from '../cases/viewer.js';
import { SubmissionBudget } from '../intake/attachments.js';
import { intakeLimits } from '../intake/limits.js';
import { readMultipart } from '../intake/multipart.js';
import { AppError } from '../shared/errors.js';
import { sendOwnPdf } from '../http/downloads.js';
import {
  composeMessage, confirmLetterPosted, letterOfMessage, listMessagesOfCase, markRepliesSeen, retryMessage, routeOfCase, type ComposeInput,
} from './case-messages.js';
import {
  CaseParamsSchema, MailboxSettingsBodySchema, MailboxSettingsSchema, MessageListSchema, MessageParamsSchema, MessageRouteSchema, MessageSchema,
  MultipartSendBody, PostedBodySchema, SendMessageBodySchema, type SendMessageBody,
} from './schemas.js';
import { getMailboxSettings, putMailboxSettings } from './settings.js';
import { mailboxWebhookRoutes } from './webhook.js';
import { postfachSettingsRoutes } from './postfach/routes.js';

const tags = ['Nachrichten'];
const security: Array<Record<string, string[]>> = [{ session: [] }, { bearer: [] }];

const text = (data: Map<string, Buffer>, name: string) => data.get(name)?.toString('utf8');

function deliverAsOf(value: string | undefined): 'letter' | undefined {
  if (!value) return undefined;
  if (value === 'letter') return 'letter';
  throw new AppError('validation_failed', { field: 'deliverAs', detail: 'Der Zustellweg („deliverAs“) kann nur „letter“ (Brief) sein.' });
}

export async function mailboxRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db } = deps;
  const limits = intakeLimits(deps.config);
  await app.register(multipart, { limits: { parts: limits.maxParts, files: limits.maxParts } });

  app.get('/cases/:id/messages', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: { tags, security, summary: 'Nachrichten eines Vorgangs (Rückfragen, Antworten, Bescheide) mit Zustellstatus', params: CaseParamsSchema, response: { 200: MessageListSchema } },
  }, async (request) => listMessagesOfCase(db, caseViewer(request), request.params.id));

  app.post('/cases/:id/messages', {
    config: { permission: 'message.send', fachverfahren: true },
    // Signed in before the body (JSON or files) is read: strangers cannot make us buffer anything.
    onRequest: async (request) => void requireTenantPrincipal(request.principal),
    schema: {
      tags, security, summary: 'Nachricht an die antragstellende Person senden (JSON oder multipart/form-data mit Dateien)',
      params: CaseParamsSchema,
      body: { content: { 'application/json': { schema: SendMessageBodySchema }, 'multipart/form-data': { schema: MultipartSendBody } } } as never,
      response: { 201: MessageSchema },
    },
  }, async (request, reply) => {
    const viewer = caseViewer(request);
    let input: ComposeInput;
    if (request.isMultipart()) {
      const content = await readMultipart(request, deps.blobs, new SubmissionBudget(limits), {
        dataParts: { subject: 'Der Betreff', body: 'Der Nachrichtentext', replyBy: 'Die Antwortfrist', attachmentIds: 'Die Anlagenliste', deliverAs: 'Der Zustellweg' },
        fileParts: { attachment: 'message' },
      });
      const ids = (text(content.data, 'attachmentIds') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = ids.find((id) => !/^[0-9a-f-]{36}$/i.test(id));
      if (bad) throw new AppError('validation_failed', { field: 'attachmentIds', detail: `„${bad.slice(0, 40)}“ ist keine gültige Anlagen-ID.` });
      input = {
        subject: text(content.data, 'subject') ?? '', body: text(content.data, 'body') ?? '', replyBy: text(content.data, 'replyBy') || undefined,
        attachmentIds: ids, uploads: content.attachments, deliverAs: deliverAsOf(text(content.data, 'deliverAs')),
      };
    } else {
      const body = request.body as SendMessageBody;
      input = { subject: body.subject, body: body.body, replyBy: body.replyBy, attachmentIds: body.attachmentIds ?? [], uploads: [], deliverAs: body.deliverAs };
    }
    return reply.status(201).send(await composeMessage(db, deps.blobs, viewer, request.params.id, input));
  });

  app.get('/cases/:id/messages/route', {
    config: { permission: 'message.send' },
    schema: {
      tags, security, summary: 'Zustellweg einer Nachricht an die antragstellende Person, mit Begründung (vor dem Senden)',
      params: CaseParamsSchema, response: { 200: MessageRouteSchema },
    },
  }, async (request) => routeOfCase(db, caseViewer(request), request.params.id));

  app.get('/cases/:id/messages/:messageId/letter', {
    config: { permission: 'case.read' },
    schema: { tags, security, summary: 'Der Brief einer Nachricht als PDF/A zum Ausdrucken', params: MessageParamsSchema },
  }, async (request, reply) => {
    const { fileName, bytes } = await letterOfMessage(db, deps.blobs, caseViewer(request), request.params.id, request.params.messageId);
    return sendOwnPdf(reply, fileName, bytes);
  });

  app.post('/cases/:id/messages/:messageId/posted', {
    config: { permission: 'message.send' },
    schema: {
      tags, security, summary: 'Bestätigen, dass ein Brief per Post versandt wurde (Datum)',
      params: MessageParamsSchema, body: PostedBodySchema, response: { 200: MessageSchema },
    },
  }, async (request) => confirmLetterPosted(db, caseViewer(request), request.params.id, request.params.messageId, request.body.postedOn));

  app.post('/cases/:id/messages/:messageId/retry', {
    config: { permission: 'message.send' },
    schema: { tags, security, summary: 'Zustellung einer Nachricht erneut versuchen', params: MessageParamsSchema, response: { 200: MessageSchema } },
  }, async (request) => retryMessage(db, caseViewer(request), request.params.id, request.params.messageId));

  app.post('/cases/:id/messages/seen', {
    config: { permission: 'case.read', fachverfahren: true },
    schema: { tags, security, summary: 'Antworten als gesehen markieren (Kennzeichen „Antwort eingegangen“ im Posteingang entfernen)', params: CaseParamsSchema, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await markRepliesSeen(db, caseViewer(request), request.params.id);
    return reply.status(204).send(null);
  });

  app.get('/mailbox/settings', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Postfach-Kanal der Kommune (externer Postfachdienst oder Bürgerportal)', response: { 200: MailboxSettingsSchema } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return getMailboxSettings(db, principal.tenantId, deps.config.publicUrl);
  });

  app.put('/mailbox/settings', {
    config: { permission: 'tenant.admin' },
    schema: { tags, security, summary: 'Externen Postfachdienst einrichten oder entfernen', body: MailboxSettingsBodySchema, response: { 200: MailboxSettingsSchema } },
  }, async (request) => {
    const principal = requireTenantPrincipal(request.principal);
    return putMailboxSettings(db, principal.tenantId, request.body, deps.config);
  });

  await postfachSettingsRoutes(app, deps);
  await mailboxWebhookRoutes(app, deps);
}
