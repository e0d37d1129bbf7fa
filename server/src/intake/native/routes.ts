import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { AppError } from '../../shared/errors.js';
import { SubmissionBudget } from '../attachments.js';
import { intakeLimits } from '../limits.js';
import { readMultipart } from '../multipart.js';
import { submitApplication } from '../pipeline.js';
import { presentReceipt, statusCodeOf } from '../receipt.js';
import { IntakeReceiptSchema, NativeApplicationSchema, ProblemSchema, type NativeApplication } from '../schemas.js';
import { parseStrictJson } from '../../shared/safe-text.js';
import { checkAgainst } from '../strict-json-parser.js';
import { rejectsExecutables, INTAKE_SECURITY } from '../sender-auth.js';
import { senderOf } from '../sender-hook.js';
import { submissionFromNative } from './parse.js';

const MultipartBody = Type.Unsafe<unknown>({
  description: 'Teil „application“: der Antrag als JSON (gleicher Aufbau wie bei application/json); beliebig viele Teile „attachment“: Anlagen.',
});

/** Channel a: the native JSON API, with a multipart variant for attachments. */
export async function nativeIntakeRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const limits = intakeLimits(deps.config);
  app.post(
    '/intake/applications',
    {
      config: { permission: 'sender' },
      schema: {
        tags: ['Eingang'],
        summary: 'Antrag einreichen (JSON oder multipart/form-data mit Anlagen)',
        description:
          'Legt aus dem Antrag einen Vorgang an. Mit derselben transactionId wiederholt, antwortet der Dienst mit demselben Vorgang (200). ' +
          'Anmeldung: API-Schlüssel der Kommune mit Berechtigung intake:submit oder plattformweiter Eingangs-Zugang, jeweils als ' +
          '„Authorization: Bearer <Schlüssel>“, per HTTP Basic (Passwort = Schlüssel) oder in der Kopfzeile X-Intake-Token. Anlagen: Teile „attachment“; Teil „application“ enthält das JSON.',
        security: INTAKE_SECURITY,
        body: { content: { 'application/json': { schema: NativeApplicationSchema }, 'multipart/form-data': { schema: MultipartBody } } } as never,
        response: { 200: IntakeReceiptSchema, 201: IntakeReceiptSchema, 202: IntakeReceiptSchema, '4xx': ProblemSchema },
      },
    },
    async (request, reply) => {
      const sender = senderOf(request);
      let submission;
      if (request.isMultipart()) {
        const budget = new SubmissionBudget(limits, () => rejectsExecutables(deps.db, sender));
        const content = await readMultipart(request, deps.blobs, budget, { dataParts: { application: 'Antrag (Teil „application“)' }, fileParts: { attachment: 'attachment' } });
        const raw = content.data.get('application');
        if (!raw) throw new AppError('validation_failed', { field: 'application', detail: 'Der Teil „application“ mit dem Antrag fehlt.' });
        const body = checkAgainst<NativeApplication>(NativeApplicationSchema, parseStrictJson(raw, 'application'), 'application');
        submission = submissionFromNative(body, content.attachments, limits);
      } else {
        submission = submissionFromNative(request.body as NativeApplication, [], limits);
      }
      const outcome = await submitApplication({ db: deps.db }, sender, submission);
      return reply.status(statusCodeOf(outcome)).send(presentReceipt(outcome, submission.transactionId));
    },
  );
}
