import { AppError } from '../../shared/errors.js';
import { assertOutboundUrl, outboundFetch, type OutboundPolicy } from '../../shared/outbound/index.js';
import { DeliveryError } from '../../outbox/deliverers/types.js';
import type { XdomeaTarget, XdomeaTransport } from '../contract.js';
import { assertPackageFileName, isAnswerFileName } from './file-names.js';
import { SIGNATURE_HEADER, signXdomeaBody } from './signature.js';

const TIMEOUT_MS = 60_000;
const LIST_MAX_BYTES = 1024 * 1024;

export interface HttpConfig { url: string; pollUrl?: string }

/** Checks the configured URLs with the SSRF guard (at save time; outboundFetch checks again at connect time). */
export function httpConfig(config: Record<string, unknown>, outbound: OutboundPolicy): HttpConfig {
  if (typeof config.url !== 'string') throw new AppError('validation_failed', { field: 'config.url', detail: 'Bitte geben Sie die Adresse („config.url“) an, an die die Pakete gesendet werden.' });
  const url = assertOutboundUrl(config.url, outbound, { field: 'config.url', label: 'Die Adresse des Empfängers' });
  const pollUrl = typeof config.pollUrl === 'string' && config.pollUrl.trim()
    ? assertOutboundUrl(config.pollUrl, outbound, { field: 'config.pollUrl', label: 'Die Abrufadresse für Antworten' })
    : undefined;
  return { url, ...(pollUrl ? { pollUrl } : {}) };
}

async function readBounded(response: Response, max: number): Promise<Buffer> {
  if (Number(response.headers.get('content-length') ?? 0) > max) {
    await response.body?.cancel().catch(() => {});
    throw new DeliveryError('Antwort des Empfängers ist zu groß');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > max) throw new DeliveryError('Antwort des Empfängers ist zu groß');
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

function secretOf(target: XdomeaTarget): string {
  const secret = target.config.sharedSecret;
  if (typeof secret !== 'string' || !secret) throw new DeliveryError('Für das Ziel ist kein gemeinsamer Schlüssel hinterlegt', true);
  return secret;
}

/**
 * HTTP(S) POST of the ZIP. The receiver gets the file name as X-Xdomea-Filename and Idempotency-Key
 * (a retry after a crash carries the same one) and the body signed with the shared secret. Answers
 * come back pushed to our signed endpoint (xdomea/webhook.ts) or are fetched from pollUrl:
 * GET pollUrl → { answers: [{ fileName }] }, GET pollUrl/<fileName> → the ZIP, DELETE it once processed.
 */
export function httpTransport(options: { outbound: OutboundPolicy; maxAnswerBytes: number }): XdomeaTransport {
  const { outbound } = options;
  const headers = (target: XdomeaTarget, body?: Buffer): Record<string, string> =>
    body ? { [SIGNATURE_HEADER]: signXdomeaBody(body, secretOf(target)) } : { [SIGNATURE_HEADER]: signXdomeaBody(Buffer.alloc(0), secretOf(target)) };
  return {
    kind: 'http',
    async send(target, pkg) {
      assertPackageFileName(pkg.fileName);
      const { url } = httpConfig(target.config, outbound);
      const response = await outboundFetch(url, {
        method: 'POST',
        body: pkg.zip,
        headers: { 'content-type': 'application/zip', 'x-xdomea-filename': pkg.fileName, 'idempotency-key': pkg.fileName, ...headers(target, pkg.zip) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }, outbound);
      await response.body?.cancel().catch(() => {});
      // 409: the receiver has this file already (an earlier attempt arrived): delivered, not an error.
      if (response.ok || response.status === 409) return;
      const permanent = [400, 404, 410, 413, 415, 422].includes(response.status);
      throw new DeliveryError(`Empfänger antwortet HTTP ${response.status}`, permanent);
    },
    async poll(target) {
      const { pollUrl } = httpConfig(target.config, outbound);
      if (!pollUrl) return [];
      const list = await outboundFetch(pollUrl, { headers: headers(target), signal: AbortSignal.timeout(TIMEOUT_MS) }, outbound);
      if (!list.ok) {
        await list.body?.cancel().catch(() => {});
        throw new DeliveryError(`Abruf der Antworten: HTTP ${list.status}`);
      }
      const parsed = JSON.parse((await readBounded(list, LIST_MAX_BYTES)).toString('utf8')) as { answers?: Array<{ fileName?: unknown }> };
      const names = (parsed.answers ?? []).map((a) => a.fileName).filter((n): n is string => typeof n === 'string' && isAnswerFileName(n));
      const answers: Array<{ fileName: string; body: Buffer }> = [];
      for (const fileName of names.slice(0, 100)) {
        const response = await outboundFetch(`${pollUrl.replace(/\/$/, '')}/${encodeURIComponent(fileName)}`, { headers: headers(target), signal: AbortSignal.timeout(TIMEOUT_MS) }, outbound);
        if (!response.ok) {
          await response.body?.cancel().catch(() => {});
          continue;
        }
        answers.push({ fileName, body: await readBounded(response, options.maxAnswerBytes) });
      }
      return answers;
    },
    async acknowledge(target, fileName) {
      const { pollUrl } = httpConfig(target.config, outbound);
      if (!pollUrl || !isAnswerFileName(fileName)) return;
      const response = await outboundFetch(`${pollUrl.replace(/\/$/, '')}/${encodeURIComponent(fileName)}`, { method: 'DELETE', headers: headers(target), signal: AbortSignal.timeout(TIMEOUT_MS) }, outbound);
      await response.body?.cancel().catch(() => {});
    },
  };
}
