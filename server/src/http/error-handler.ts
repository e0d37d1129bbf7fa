import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, toProblem } from '../shared/errors.js';
import { describeValidationError } from './validation-messages.js';

const CONTEXT_NAMES: Record<string, string> = { body: 'Anfrage', querystring: 'Abfrage', params: 'Pfad', headers: 'Kopfzeilen' };

/** Maps every error to RFC 9457 problem+json in one place. Stack traces never leave the process. */
export function toAppError(error: unknown, schemas?: Record<string, unknown>): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validationContext?: string };
  if (e?.validation && Array.isArray(e.validation) && e.validation.length > 0) {
    const ctx = CONTEXT_NAMES[e.validationContext ?? 'body'] ?? 'Anfrage';
    // The route's schema for the refused part names the fields by their labels (titles).
    const schema = schemas?.[e.validationContext ?? 'body'];
    const described = describeValidationError(e.validation[0] as never, ctx, schema);
    return new AppError('validation_failed', {
      detail: described.message,
      field: described.field,
      internal: e.message,
      extra: { errors: e.validation.map((v) => describeValidationError(v as never, ctx, schema)) },
    });
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('bad_request', { detail: 'Der Inhalt der Anfrage ist kein gültiges JSON.', internal: e.message });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', { detail: 'Der Inhaltstyp der Anfrage wird nicht unterstützt.', internal: e.message });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
      return new AppError('payload_too_large', { internal: e.message });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('bad_request', { detail: 'Die Längenangabe der Anfrage stimmt nicht.', internal: e.message });
    case 'FST_ERR_BAD_URL':
      return new AppError('bad_request', { field: 'Pfad', detail: 'Pfad: Die Adresse ist ungültig kodiert (Prozentkodierung oder UTF-8).', internal: e.message });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('uri_too_long', { detail: 'Ein Teil der Adresse ist zu lang.', internal: e.message });
  }
  // PostgreSQL data exceptions (class 22: impossible date, number out of range, NUL, bad encoding)
  // are caused by a value someone sent: a 400, never a 500, even where no check caught it earlier.
  if (typeof e?.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code) && (error as { severity?: string }).severity) {
    return new AppError('bad_request', { detail: 'Eine Angabe liegt außerhalb des zulässigen Bereichs (zum Beispiel ein Datum, das es nicht gibt).', internal: e.message });
  }
  if (e?.statusCode === 429) return new AppError('rate_limited', { internal: e.message });
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError('bad_request', { internal: e.message });
  }
  return new AppError('internal', { internal: e?.message ?? String(error) });
}

/**
 * Database and library errors quote the offending values ("Key (email)=(…)", 'for type uuid: "…"').
 * Logs keep the kind of error and where it happened, never those values.
 */
export function scrubValues(message: string): string {
  return message
    .replace(/Key \(.*\)=\(.*?\)( already exists| is not present[^.]*|)/gs, 'Key (…)=(…)$1')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/[^\s"'()<>]+@[^\s"'()<>]+/g, '…@…')
    .slice(0, 500);
}

function describeForLog(error: unknown): Record<string, unknown> {
  const e = error as { name?: string; code?: string; message?: string; stack?: string; table?: string; constraint?: string };
  return {
    type: e?.name,
    dbCode: e?.code,
    table: e?.table,
    constraint: e?.constraint,
    message: scrubValues(String(e?.message ?? error)),
    // The stack names our code's lines, not user data.
    stack: e?.stack?.split('\n').slice(1, 8).join('\n'),
  };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request.routeOptions?.schema as Record<string, unknown> | undefined);
    if (appError.status >= 500) {
      request.log.error({ code: appError.code, error: describeForLog(error) }, 'request failed');
    } else {
      request.log.info({ code: appError.code, internal: scrubValues(appError.message) }, 'request refused');
    }
    const retryAfter = appError.extra?.retryAfterSeconds;
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
    void reply
      .status(appError.status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .send(toProblem(appError, request.url.split('?')[0]));
  });
  app.setNotFoundHandler((request, reply) => {
    const err = new AppError('not_found', { detail: 'Diese Adresse gibt es nicht.' });
    void reply.status(404).header('content-type', 'application/problem+json; charset=utf-8').send(toProblem(err, request.url.split('?')[0]));
  });
}
