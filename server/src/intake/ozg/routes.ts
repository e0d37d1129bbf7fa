import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { AppError } from '../../shared/errors.js';
import { SubmissionBudget } from '../attachments.js';
import { intakeLimits } from '../limits.js';
import { readMultipart } from '../multipart.js';
import { submitApplication } from '../pipeline.js';
import { ProblemSchema } from '../schemas.js';
import { rejectsExecutables, INTAKE_SECURITY } from '../sender-auth.js';
import { senderOf } from '../sender-hook.js';
import { submissionFromOzg } from './parse.js';
import type { IntakeOutcome } from '../types.js';

export const OzgReceiptSchema = Type.Object(
  {
    transactionId: Type.String(),
    vorgangId: Type.Union([Type.String(), Type.Null()], { description: 'Id des Vorgangs' }),
    vorgangNummer: Type.Union([Type.String(), Type.Null()], { description: 'Vorgangsnummer (Aktenzeichen)' }),
    status: Type.String({ description: 'Status des Vorgangs (new …) oder „unrouted“, wenn keine Kommune zuständig ist' }),
    created: Type.Boolean({ description: 'false: diese transactionId war schon eingegangen' }),
    eingangId: Type.Union([Type.String(), Type.Null()], { description: 'Id in der Klärungsliste der Plattform (nur bei unrouted)' }),
  },
  { additionalProperties: false },
);

const MultipartBody = Type.Unsafe<unknown>({
  description:
    'Teil „formData“: JSON { control: { transactionId, zustaendigeStelle, organisationsEinheitenId, leikaIds[], formId, name, serviceKonto }, formData: [...] }; ' +
    'optional Teil „representation“: der Antrag als PDF; beliebig viele Teile „attachment“: Anlagen.',
});

function present(outcome: IntakeOutcome, transactionId: string) {
  if (outcome.status === 'unrouted') return { transactionId, vorgangId: null, vorgangNummer: null, status: 'unrouted', created: false, eingangId: outcome.unroutedId };
  return { transactionId, vorgangId: outcome.caseId, vorgangNummer: outcome.caseNumber, status: outcome.caseStatus, created: outcome.status === 'created', eingangId: null };
}

/** Channel b: OZG-Cloud compatible intake. A form system switches over by changing the host name. */
export function ozgIntakeRoutes(path: string) {
  return async (app: AppInstance, deps: AppDeps): Promise<void> => {
    const limits = intakeLimits(deps.config);
    app.post(
      path,
      {
        config: { permission: 'sender' },
        schema: {
          tags: ['Eingang'],
          summary: 'Antrag im Format der OZG-Cloud einreichen (multipart: formData, representation, attachment)',
          security: INTAKE_SECURITY,
          consumes: ['multipart/form-data'],
          body: { content: { 'multipart/form-data': { schema: MultipartBody } } } as never,
          response: { 200: OzgReceiptSchema, 201: OzgReceiptSchema, 202: OzgReceiptSchema, '4xx': ProblemSchema },
        },
      },
      async (request, reply) => {
        const sender = senderOf(request);
        const budget = new SubmissionBudget(limits, () => rejectsExecutables(deps.db, sender));
        const content = await readMultipart(request, deps.blobs, budget, {
          dataParts: { formData: 'Formulardaten (Teil „formData“)' },
          fileParts: { representation: 'representation', attachment: 'attachment' },
        });
        const raw = content.data.get('formData');
        if (!raw) throw new AppError('validation_failed', { field: 'formData', detail: 'Der Teil „formData“ fehlt.' });
        const submission = submissionFromOzg(raw, content.attachments, limits);
        const outcome = await submitApplication({ db: deps.db }, sender, submission);
        const code = outcome.status === 'created' ? 201 : outcome.status === 'existing' ? 200 : 202;
        return reply.status(code).send(present(outcome, submission.transactionId!));
      },
    );
  };
}
