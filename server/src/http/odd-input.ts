import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { parseStrictJson } from '../shared/safe-text.js';
import { AppError, toProblem } from '../shared/errors.js';

/**
 * Request targets longer than this are refused with 414. Browsers and form servers stay far below
 * (our longest real URL, a case list with every filter, is under 1 KB); Node itself refuses a
 * request head over 16 KB (maxHeaderSize), which clientError below answers as 414 or 431.
 */
export const MAX_URL_CHARS = 8 * 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** NUL cannot be stored (PostgreSQL text refuses it) and lone surrogates are not Unicode text. */
export function forbiddenCharacter(text: string): 'NUL-Zeichen' | 'ungültige Unicode-Zeichen' | null {
  if (text.includes('\u0000')) return 'NUL-Zeichen';
  if (LONE_SURROGATE.test(text)) return 'ungültige Unicode-Zeichen';
  return null;
}

function decodeComponent(raw: string, what: string): string {
  let decoded: string;
  try {
    // decodeURIComponent refuses bad percent-encoding and bytes that are not UTF-8 (%ED%A0%80).
    decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new AppError('bad_request', { field: what, detail: `${what}: Die Adresse ist ungültig kodiert (Prozentkodierung oder UTF-8).` });
  }
  const bad = forbiddenCharacter(decoded);
  if (bad) throw new AppError('bad_request', { field: what, detail: `${what}: Die Adresse enthält ${bad}.` });
  return decoded;
}

/**
 * Checks the request target before routing and authentication: length, percent-encoding, NUL and
 * lone surrogates in the path and in every query parameter. One place, so no route, query schema
 * or SQL statement ever sees such text.
 */
export function checkRequestTarget(url: string): void {
  if (url.length > MAX_URL_CHARS) {
    throw new AppError('uri_too_long', { detail: `Die Adresse ist länger als ${MAX_URL_CHARS} Zeichen.` });
  }
  const q = url.indexOf('?');
  decodeComponent(q < 0 ? url : url.slice(0, q), 'Pfad');
  if (q < 0) return;
  for (const pair of url.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), 'Abfrage');
    decodeComponent(eq < 0 ? '' : pair.slice(eq + 1), name && name.length <= 40 ? name : 'Abfrage');
  }
}

const problemHead = (status: number, reason: string, body: string) =>
  `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (head over maxHeaderSize,
 * control characters in a header, garbage instead of HTTP). They get the same problem+json as
 * everything else instead of Node's bare "400 Bad Request".
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return void socket.destroy();
  let appError: AppError;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    appError = new AppError('request_timeout');
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The request line alone past the limit: the address is too long, not the headers.
    const head = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.subarray(0, MAX_URL_CHARS + 64).toString('latin1') : '';
    const requestLineTooLong = /^[A-Z]+ /.test(head) && !head.slice(0, MAX_URL_CHARS).includes('\r\n');
    appError = requestLineTooLong
      ? new AppError('uri_too_long', { detail: `Die Adresse ist länger als ${MAX_URL_CHARS} Zeichen.` })
      : new AppError('headers_too_large');
  } else {
    appError = new AppError('bad_request', { detail: 'Die Anfrage ist kein gültiges HTTP (zum Beispiel unzulässige Zeichen in einer Kopfzeile).' });
  }
  const reasons: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };
  socket.end(problemHead(appError.status, reasons[appError.status] ?? 'Bad Request', JSON.stringify(toProblem(appError))));
}

/**
 * Guards every route of the app: the request target is checked first (before authentication), and
 * JSON bodies are parsed strictly (valid UTF-8, no NUL, no lone surrogates, finite numbers,
 * bounded depth) — the same parser the intake uses.
 */
export function installOddInputGuards(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => checkRequestTarget(request.url));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, (body as Buffer).length ? parseStrictJson(body as Buffer, 'Anfrage') : undefined);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
