import { Type } from '@sinclair/typebox';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { toAppError } from '../../http/error-handler.js';
import { AppError } from '../../shared/errors.js';
import { SubmissionBudget } from '../attachments.js';
import { intakeLimits } from '../limits.js';
import { submitApplication } from '../pipeline.js';
import { decodeStrictUtf8 } from '../safe-text.js';
import { authenticateSender, rejectsExecutables, senderFromToken, tokenFromHeaders } from '../sender-auth.js';
import type { Sender } from '../types.js';
import { parseDepositEnvelope, type SoapCredentials } from './parse.js';
import { applicationFault, depositResponse } from './soap.js';
import { submissionFromDeposit } from './submission.js';

const XML_TYPES = ['text/xml', 'application/soap+xml', 'application/xml'];

/** Channel c: the intelliForm backend web service (SOAP 1.1, operation deposit). */
export async function intelliformRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const limits = intakeLimits(deps.config);
  // Base64 grows data by a third; the envelope limit follows the submission limit.
  const bodyLimit = Math.ceil((limits.maxSubmissionBytes * 4) / 3) + limits.maxFormDataBytes;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(XML_TYPES, { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    try {
      done(null, decodeStrictUtf8(body as Buffer, 'SOAP-Nachricht'));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // Faults, never problem+json, on this channel: SOAP 1.1 answers faults with HTTP 500, except
  // transport-level refusals (401 sign-in, 413 too large, 415 not XML, 429 with Retry-After: later).
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'intelliForm deposit failed');
    const status = [401, 403, 413, 415, 429].includes(appError.status) ? appError.status : 500;
    if (typeof appError.extra?.retryAfterSeconds === 'number') void reply.header('retry-after', String(appError.extra.retryAfterSeconds));
    const message = appError.status >= 500 ? 'Der Antrag konnte wegen eines internen Fehlers nicht angenommen werden. Bitte später erneut senden.' : appError.detail;
    void reply.status(status).header('content-type', 'text/xml; charset=utf-8').send(applicationFault(appError.code, message, appError.status < 500));
  });

  app.post(
    '/intake/intelliform',
    {
      schema: {
        tags: ['Eingang'],
        summary: 'intelliForm-Backend-Webservice: SOAP-Operation deposit (ApplicationService.wsdl)',
        description: 'SOAP 1.1, document/literal, Namensraum http://xmlns.cit.de/intelliform/2009/webservices/backend. Anmeldung per WS-Security UsernameToken (PasswordText = API-Schlüssel) oder HTTP.',
        consumes: XML_TYPES,
        body: Type.String({ description: 'SOAP-Envelope mit deposit' }),
        response: { 200: Type.String({ description: 'SOAP-Envelope mit depositResponse' }) },
      },
    },
    async (request, reply) => {
      const xml = request.body as string;
      const { data, credentials } = parseDepositEnvelope(xml);
      const sender = await soapSender(request, deps, credentials);
      const budget = new SubmissionBudget(limits, () => rejectsExecutables(deps.db, sender));
      const submission = await submissionFromDeposit(data, deps.blobs, budget, limits);
      const outcome = await submitApplication({ db: deps.db }, sender, submission);
      const params =
        outcome.status === 'unrouted'
          ? [{ key: 'status', value: 'unrouted' }, { key: 'eingangId', value: outcome.unroutedId }]
          : [
              { key: 'status', value: outcome.caseStatus },
              { key: 'vorgangId', value: outcome.caseId },
              { key: 'vorgangNummer', value: outcome.caseNumber },
              { key: 'created', value: String(outcome.status === 'created') },
            ];
      return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(depositResponse([{ key: 'transactionId', value: data.id! }, ...params]));
    },
  );
}

async function soapSender(request: Parameters<typeof authenticateSender>[0], deps: AppDeps, credentials: SoapCredentials | null): Promise<Sender> {
  if (request.principal || tokenFromHeaders(request.headers)) return authenticateSender(request, deps.db, deps.config.rateLimits.intakePerTokenPerSecond);
  if (credentials?.digest) {
    throw new AppError('unauthenticated', { detail: 'WS-Security mit PasswordDigest wird nicht unterstützt; bitte PasswordText über HTTPS verwenden.' });
  }
  if (!credentials?.password) throw new AppError('unauthenticated', { detail: 'Für die Einreichung fehlt ein gültiger Eingangs-Zugang (API-Schlüssel).' });
  return senderFromToken(deps.db, credentials.password.trim(), deps.config.rateLimits.intakePerTokenPerSecond);
}
