import type { Readable } from 'node:stream';
import type { AppDeps, AppInstance } from '../../http/app-types.js';
import { toAppError } from '../../http/error-handler.js';
import { AppError } from '../../shared/errors.js';
import { SubmissionBudget } from '../attachments.js';
import { intakeLimits } from '../limits.js';
import { submitApplication } from '../pipeline.js';
import { rejectsExecutables, senderFromToken } from '../sender-auth.js';
import { installSenderAuthentication, senderIfAuthenticated } from '../sender-hook.js';
import type { Sender } from '../types.js';
import { DepositReader } from './deposit-reader.js';
import type { SoapCredentials } from './deposit-collector.js';
import { applicationFault, depositResponse } from './soap.js';
import type { SoapFaultCode } from './namespaces.js';
import { submissionFromDeposit } from './submission.js';
import { depositWsdl } from './wsdl.js';

const XML_TYPES = ['text/xml', 'application/soap+xml', 'application/xml'];

/**
 * How much of an envelope we read before the sender is known: the SOAP header with its
 * WS-Security UsernameToken comes first and is a few hundred bytes in practice.
 */
export const SOAP_PRE_AUTH_BYTES = 64 * 1024;

/** Channel c: the intelliForm backend web service (SOAP 1.1, operation deposit). */
export async function intelliformRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const limits = intakeLimits(deps.config);
  // Base64 grows data by a third; the envelope limit follows the submission limit.
  const maxEnvelopeBytes = Math.ceil((limits.maxSubmissionBytes * 4) / 3) + limits.maxFormDataBytes;
  // Credentials in an HTTP header are checked before the body is touched; WS-Security in the
  // envelope is read from at most SOAP_PRE_AUTH_BYTES (DepositReader.readHeader).
  installSenderAuthentication(app, deps.db, deps.config.rateLimits.intakePerTokenPerSecond, { credentialsMayFollowInBody: true });
  app.removeAllContentTypeParsers();
  // The body stays a stream: the route reads it with DepositReader, never as one string.
  app.addContentTypeParser(XML_TYPES, (_request, payload, done) => done(null, payload));
  // Faults, never problem+json, on this channel: SOAP 1.1 answers faults with HTTP 500, except
  // transport-level refusals (401 sign-in, 413 too large, 415 not XML, 429 with Retry-After: later).
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'intelliForm deposit failed');
    const status = [401, 403, 404, 413, 415, 429].includes(appError.status) ? appError.status : 500;
    if (typeof appError.extra?.retryAfterSeconds === 'number') void reply.header('retry-after', String(appError.extra.retryAfterSeconds));
    const message = appError.status >= 500 ? 'Der Antrag konnte wegen eines internen Fehlers nicht angenommen werden. Bitte später erneut senden.' : appError.detail;
    void reply.status(status).header('content-type', 'text/xml; charset=utf-8').send(applicationFault(appError.code, message, faultCodeOf(appError)));
  });

  // The contract, where SOAP tooling looks for it: the endpoint's own URL with ?wsdl. Public (a
  // WSDL holds no secret), so form servers and integrators can generate their client from it.
  const wsdl = depositWsdl(`${deps.config.publicUrl.replace(/\/+$/, '')}/api/intake/intelliform`);
  app.get(
    '/intake/intelliform',
    { config: { permission: 'public' }, schema: { tags: ['Eingang'], summary: 'intelliForm-Backend-Webservice: WSDL (…/intake/intelliform?wsdl)' } },
    async (request, reply) => {
      const query = Object.keys((request.query ?? {}) as Record<string, unknown>).map((k) => k.toLowerCase());
      if (!query.includes('wsdl')) throw new AppError('not_found', { detail: 'Hier nimmt der Dienst SOAP-Nachrichten per POST an; die Schnittstellenbeschreibung steht unter ?wsdl.' });
      return reply.header('content-type', 'text/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(wsdl);
    },
  );

  app.post(
    '/intake/intelliform',
    {
      config: { permission: 'sender' },
      schema: {
        tags: ['Eingang'],
        summary: 'intelliForm-Backend-Webservice: SOAP-Operation deposit (ApplicationService.wsdl)',
        description:
          'SOAP 1.1, document/literal, Namensraum http://xmlns.cit.de/intelliform/2009/webservices/backend. Anmeldung per HTTP (Bearer, Basic, X-Intake-Token) ' +
          `oder WS-Security UsernameToken (PasswordText = API-Schlüssel) im SOAP-Header, der in den ersten ${SOAP_PRE_AUTH_BYTES / 1024} KB stehen muss. Antwort: SOAP-Envelope mit depositResponse.`,
        consumes: XML_TYPES,
      },
    },
    async (request, reply) => {
      if (!request.body) throw new AppError('bad_request', { field: 'SOAP-Nachricht', detail: 'Die SOAP-Nachricht fehlt.' });
      if (Number(request.headers['content-length'] ?? 0) > maxEnvelopeBytes) throw new AppError('payload_too_large', { detail: 'Die SOAP-Nachricht ist zu groß.' });
      const reader = new DepositReader(request.body as Readable, { maxEnvelopeBytes, preAuthBytes: SOAP_PRE_AUTH_BYTES, maxTextBytes: limits.maxFormDataBytes });
      const headerSender = senderIfAuthenticated(request);
      let sender: Sender, budget: SubmissionBudget, data;
      try {
        const credentials = await reader.readHeader(headerSender !== null);
        sender = headerSender ?? (await wsSecuritySender(deps, credentials));
        budget = new SubmissionBudget(limits, () => rejectsExecutables(deps.db, sender));
        data = await reader.readBody(deps.blobs, budget);
      } finally {
        reader.release();
      }
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

function faultCodeOf(error: AppError): SoapFaultCode {
  const code = error.extra?.soapFaultCode;
  if (code === 'VersionMismatch' || code === 'MustUnderstand' || code === 'Client') return code;
  return error.status < 500 ? 'Client' : 'Server';
}

async function wsSecuritySender(deps: AppDeps, credentials: SoapCredentials | null): Promise<Sender> {
  if (credentials?.digest) {
    throw new AppError('unauthenticated', { detail: 'WS-Security mit PasswordDigest wird nicht unterstützt; bitte PasswordText über HTTPS verwenden.' });
  }
  if (!credentials?.password) throw new AppError('unauthenticated', { detail: 'Für die Einreichung fehlt ein gültiger Eingangs-Zugang (API-Schlüssel).' });
  return senderFromToken(deps.db, credentials.password.trim(), deps.config.rateLimits.intakePerTokenPerSecond);
}
