import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { sendUntrustedFile } from '../http/downloads.js';
import { releaseOnlyWhenVerified } from '../cases/attachment-stream.js';
import { SubmissionBudget } from '../intake/attachments.js';
import { intakeLimits } from '../intake/limits.js';
import { readMultipart } from '../intake/multipart.js';
import { AppError } from '../shared/errors.js';
import { guardClient } from '../auth/rate-limit.js';
import { presentApplication, presentApplicationDetail } from './presenter.js';
import {
  ApplicationDetailSchema, ApplicationListSchema, AttachmentParamsSchema, CaseParamsSchema, LinkRequestSchema, MessageParamsSchema,
  PortalMeSchema, ReplyBodySchema, SessionBodySchema, TextSchema,
} from './schemas.js';
import {
  applicantProfile, applicationDetail, LINK_REQUESTED_TEXT, listApplications, markMessageRead, openMessageAttachment, replyToCase, requestLoginLinksAnswered, settleLoginLinkRequests,
} from './service.js';
import { portalOidcRoutes } from './oidc.routes.js';
import { PORTAL_COOKIE, requireApplicant, resolveApplicant, setPortalCookie, signInWithLink, signOut } from './sessions.js';

const tags = ['Bürgerportal'];
const security = [{ portal: [] }];
// Portal routes authenticate themselves (their own cookie and CSRF check); staff cookies play no part.
const open = { permission: 'public', public: true, csrf: false } as const;
/** The citizen portal's own session (portal cookie), checked by the routes themselves. */
const applicant = { ...open, permission: 'applicant' } as const;

/** The citizen portal API under /api/portal: applicants sign in with one-time links and see only their own applications. */
export async function portalRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;
  const limits = intakeLimits(config);
  await app.register(multipart, { limits: { parts: limits.maxParts, files: limits.maxParts } });
  await portalOidcRoutes(app, deps);
  // Sign-in link e-mails are prepared after the answer; a shutdown waits for them.
  app.addHook('onClose', async () => settleLoginLinkRequests(db));

  app.post('/portal/login-links', {
    config: open,
    schema: { tags, summary: 'Anmeldelink per E-Mail anfordern (Antwort verrät nicht, ob Anträge existieren)', body: LinkRequestSchema, response: { 202: TextSchema } },
  }, async (request, reply) => {
    await requestLoginLinksAnswered(db, config.rateLimits, { email: request.body.email, client: request.ip }, config.publicUrl,
      (error) => request.log.error({ error: error instanceof Error ? error.name : 'unknown' }, 'portal sign-in link not sent'));
    return reply.status(202).send({ message: LINK_REQUESTED_TEXT });
  });

  app.post('/portal/session', {
    config: open,
    schema: { tags, summary: 'Mit einem Anmeldelink anmelden (einmal verwendbar)', body: SessionBodySchema, response: { 200: PortalMeSchema } },
  }, async (request, reply) => {
    await guardClient(db, 'portal-client', request.ip, config.rateLimits.portalPerClient, 'Zu viele Anmeldeversuche.');
    const session = await signInWithLink(db, request.body.token);
    setPortalCookie(reply, config, session.token, session.expiresAt);
    const applicant = await resolveApplicant(db, session.token);
    return applicantProfile(db, applicant!);
  });

  app.get('/portal/me', {
    config: applicant, schema: { tags, security, summary: 'Angemeldete antragstellende Person', response: { 200: PortalMeSchema } },
  }, async (request) => applicantProfile(db, await requireApplicant(db, request)));

  app.post('/portal/logout', {
    config: applicant, schema: { tags, security, summary: 'Abmelden', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    const token = request.cookies[PORTAL_COOKIE];
    await signOut(db, reply, config, await resolveApplicant(db, token), token);
    return reply.status(204).send(null);
  });

  app.get('/portal/applications', {
    config: applicant, schema: { tags, security, summary: 'Eigene Anträge mit Status und Vorgangsnummer', response: { 200: ApplicationListSchema } },
  }, async (request) => ({ items: (await listApplications(db, await requireApplicant(db, request))).map(presentApplication) }));

  app.get('/portal/applications/:id', {
    config: applicant, schema: { tags, security, summary: 'Ein eigener Antrag mit Nachrichten und Bescheiden', params: CaseParamsSchema, response: { 200: ApplicationDetailSchema } },
  }, async (request) => presentApplicationDetail(await applicationDetail(db, await requireApplicant(db, request), request.params.id)));

  app.post('/portal/applications/:id/messages/:messageId/read', {
    config: applicant, schema: { tags, security, summary: 'Nachricht als gelesen melden', params: MessageParamsSchema, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await markMessageRead(db, await requireApplicant(db, request), request.params.id, request.params.messageId);
    return reply.status(204).send(null);
  });

  app.post('/portal/applications/:id/replies', {
    config: applicant,
    schema: {
      tags, security, summary: 'Antworten (Text und Dateien; gleiche Prüfungen wie beim Antragseingang)', params: CaseParamsSchema,
      body: { content: { 'multipart/form-data': { schema: ReplyBodySchema } } } as never, response: { 201: Type.Object({ id: Type.String() }) },
    },
  }, async (request, reply) => {
    const applicant = await requireApplicant(db, request);
    const content = await readMultipart(request, deps.blobs, new SubmissionBudget(limits), {
      dataParts: { body: 'Die Nachricht', inReplyTo: 'Die beantwortete Nachricht' }, fileParts: { attachment: 'reply' },
    });
    const inReplyTo = content.data.get('inReplyTo')?.toString('utf8').trim() || undefined;
    if (inReplyTo && !/^[0-9a-f-]{36}$/i.test(inReplyTo)) throw new AppError('validation_failed', { field: 'inReplyTo', detail: 'Die beantwortete Nachricht ist ungültig.' });
    const id = await replyToCase(db, applicant, request.params.id, {
      body: content.data.get('body')?.toString('utf8') ?? '', inReplyTo, files: content.attachments,
    }, config.publicUrl);
    return reply.status(201).send({ id });
  });

  app.get('/portal/applications/:id/attachments/:attachmentId/content', {
    config: applicant,
    schema: { tags, security, summary: 'Datei einer Nachricht', params: AttachmentParamsSchema, response: { 200: Type.String({ format: 'binary' }) } },
  }, async (request, reply) => {
    const applicant = await requireApplicant(db, request);
    const { file, stream } = await openMessageAttachment(db, deps.blobs, applicant, request.params.id, request.params.attachmentId);
    return sendUntrustedFile(reply, file, releaseOnlyWhenVerified(stream));
  });
}
