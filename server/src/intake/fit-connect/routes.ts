import { Type } from '@sinclair/typebox';
import { INTAKE_SECURITY } from '../sender-auth.js';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { AppError } from '../../shared/errors.js';
import { intakeLimits } from '../limits.js';
import { ProblemSchema } from '../schemas.js';
import { senderOf } from '../sender-hook.js';
import { loadFitDestination } from './destinations.js';
import { receiveFitSubmission, type FitResult } from './receive.js';

const PushBody = Type.Object(
  {
    type: Type.Optional(Type.String({ description: 'z. B. https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions' })),
    destinationId: Type.String({ format: 'uuid' }),
    submissionIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);

const ResultSchema = Type.Object({
  submissionId: Type.String(),
  status: Type.Union([Type.Literal('created'), Type.Literal('existing'), Type.Literal('unrouted'), Type.Literal('rejected')]),
  caseId: Type.Union([Type.String(), Type.Null()]),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'Grund bei rejected/unrouted' }),
});

export function presentFitResult(submissionId: string, r: FitResult) {
  if (r.status === 'unrouted' || r.status === 'rejected') return { submissionId, status: r.status, caseId: null, caseNumber: null, reason: r.reason };
  return { submissionId, status: r.status, caseId: r.caseId, caseNumber: r.caseNumber, reason: null };
}

/** Channel d (push): the Submission API announces new submissions; we fetch, decrypt and check them. */
export async function fitConnectRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const limits = intakeLimits(deps.config);
  app.post(
    '/intake/fit-connect/submissions',
    {
      config: { permission: 'sender' },
      schema: {
        tags: ['Eingang'],
        summary: 'FIT-Connect: neue Einreichungen melden (werden abgerufen, entschlüsselt und geprüft)',
        security: INTAKE_SECURITY,
        body: PushBody,
        response: { 200: Type.Object({ items: Type.Array(ResultSchema) }), '4xx': ProblemSchema },
      },
    },
    async (request) => {
      const sender = senderOf(request);
      const destination = await loadFitDestination(deps.db, request.body.destinationId);
      // A tenant token may only announce submissions for its own destinations.
      if (!destination || (sender.kind === 'tenant' && sender.tenantId !== destination.tenantId)) {
        throw new AppError('not_found', { field: 'destinationId', detail: 'Der FIT-Connect-Zustellpunkt wurde nicht gefunden.' });
      }
      const items = [];
      for (const id of request.body.submissionIds) {
        const result = await receiveFitSubmission({ db: deps.db, blobs: deps.blobs, publicUrl: deps.config.publicUrl, limits, outbound: deps.config.outbound }, destination, id);
        items.push(presentFitResult(id, result));
      }
      return { items };
    },
  );
}
