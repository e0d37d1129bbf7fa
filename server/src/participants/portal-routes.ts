import multipart from '@fastify/multipart';
import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { sendUntrustedFile } from '../http/downloads.js';
import { releaseOnlyWhenVerified } from '../cases/attachment-stream.js';
import { SubmissionBudget } from '../intake/attachments.js';
import { intakeLimits } from '../intake/limits.js';
import { readMultipart } from '../intake/multipart.js';
import { AppError } from '../shared/errors.js';
import { requireApplicant } from '../portal/sessions.js';
import { contribute, listParticipations, openSharedFile, participationDetail } from './participation.js';
import { participantsForApplicant } from './applicant-view.js';
import { presentParticipationDetail } from './portal-presenter.js';
import { ApplicantParticipantsSchema, CaseParamsSchema, ContributionBodySchema, FileParamsSchema, ParticipationDetailSchema, ParticipationListSchema } from './schemas.js';

const tags = ['Bürgerportal'];
const security = [{ portal: [] }];
// The portal session authenticates these routes itself (its own cookie and CSRF check), like portal/routes.ts.
const portal = { permission: 'applicant', public: true, csrf: false } as const;

/** The participant's side of the Antragsraum in the citizen portal, and the applicant's list of who takes part. */
export async function participantPortalRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;
  const limits = intakeLimits(config);
  await app.register(multipart, { limits: { parts: limits.maxParts, files: limits.maxParts } });

  app.get('/portal/participations', {
    config: portal, schema: { tags, security, summary: 'Vorgänge, an denen ich beteiligt bin', response: { 200: ParticipationListSchema } },
  }, async (request) => ({ items: await listParticipations(db, await requireApplicant(db, request)) }));

  app.get('/portal/participations/:id', {
    config: portal,
    schema: { tags, security, summary: 'Ein Vorgang, an dem ich beteiligt bin: nur was mit mir geteilt wurde', params: CaseParamsSchema, response: { 200: ParticipationDetailSchema } },
  }, async (request) => presentParticipationDetail(await participationDetail(db, await requireApplicant(db, request), request.params.id)));

  app.post('/portal/participations/:id/contributions', {
    config: portal,
    schema: {
      tags, security, summary: 'Nachricht, Unterlagen oder Stellungnahme einreichen (gleiche Prüfungen wie beim Antragseingang)', params: CaseParamsSchema,
      body: { content: { 'multipart/form-data': { schema: ContributionBodySchema } } } as never, response: { 201: Type.Object({ id: Type.String() }) },
    },
  }, async (request, reply) => {
    const applicant = await requireApplicant(db, request);
    const content = await readMultipart(request, deps.blobs, new SubmissionBudget(limits), {
      dataParts: { body: 'Die Nachricht', statement: 'Die Angabe „Stellungnahme“' }, fileParts: { attachment: 'participant' },
    });
    const statement = content.data.get('statement')?.toString('utf8').trim() ?? 'false';
    if (statement !== 'true' && statement !== 'false') throw new AppError('validation_failed', { field: 'statement', detail: 'Die Angabe „statement“ muss „true“ oder „false“ sein.' });
    const id = await contribute(db, applicant, request.params.id, {
      body: content.data.get('body')?.toString('utf8') ?? '', statement: statement === 'true', files: content.attachments,
    }, config.publicUrl);
    return reply.status(201).send({ id });
  });

  app.get('/portal/participations/:id/attachments/:attachmentId/content', {
    config: portal,
    schema: { tags, security, summary: 'Eine mit mir geteilte Datei', params: FileParamsSchema, response: { 200: Type.String({ format: 'binary' }) } },
  }, async (request, reply) => {
    const { file, stream } = await openSharedFile(db, deps.blobs, await requireApplicant(db, request), request.params.id, request.params.attachmentId);
    return sendUntrustedFile(reply, file, releaseOnlyWhenVerified(stream));
  });

  app.get('/portal/applications/:id/participants', {
    config: portal,
    schema: { tags, security, summary: 'Wer an meinem Antrag beteiligt ist', params: CaseParamsSchema, response: { 200: ApplicantParticipantsSchema } },
  }, async (request) => ({ items: await participantsForApplicant(db, await requireApplicant(db, request), request.params.id) }));
}
