import { lookup as dnsLookup, type LookupOptions } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { classifyAddress } from './addresses.js';
import { checkOutboundUrl, type CheckedUrl } from './check-url.js';
import { addressIsAllowListed, type OutboundPolicy, type Resolver } from './policy.js';

/**
 * The one German text for every outbound failure before an HTTP answer: refused by the guard,
 * name not found, connection refused, reset or timed out. A single text means an admin cannot use
 * a configured URL to learn which internal hosts and ports exist.
 */
export const OUTBOUND_UNREACHABLE = 'Die Adresse ist nicht erreichbar oder nicht erlaubt.';

/** An outbound request that got no HTTP answer. `message` is the internal detail (for logs only). */
export class OutboundError extends Error {
  readonly detail = OUTBOUND_UNREACHABLE;
  constructor(internal: string, readonly refused: boolean) {
    super(internal);
    this.name = 'OutboundError';
  }
}

export interface OutboundInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  /** https only: a CA to trust instead of the public ones, and a client certificate (mutual TLS). */
  tls?: { ca?: string; cert?: string; key?: string };
}

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/**
 * The lookup the socket uses: it resolves the name itself and refuses the connection if ANY
 * address is internal (a name that answers with a public and a private address is a rebinding
 * trick). Because the socket connects to exactly the address checked here, a DNS answer that
 * changes between check and connect cannot slip through.
 */
function guardedLookup(policy: OutboundPolicy, target: CheckedUrl) {
  const resolve = policy.resolve ?? systemResolver;
  return (hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => {
    resolve(hostname).then((found) => {
      const wanted = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
      if (wanted.length === 0) return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }));
      const bad = target.allowListed ? undefined
        : wanted.find((a) => classifyAddress(a.address) !== 'public' && !addressIsAllowListed(policy, a.address, target.port));
      if (bad) return callback(new OutboundError(`refused ${target.host}: resolves to a ${classifyAddress(bad.address)} address`, true));
      if (options.all) return callback(null, wanted);
      return callback(null, wanted[0]!.address, wanted[0]!.family);
    }, (error: NodeJS.ErrnoException) => callback(error));
  };
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function toResponse(res: IncomingMessage, signal?: AbortSignal): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  signal?.addEventListener('abort', () => res.destroy(signal.reason as Error), { once: true });
  const status = res.statusCode ?? 502;
  const body = NULL_BODY.has(status) ? (res.resume(), null) : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: res.statusMessage, headers });
}

function tlsOptions(tls: NonNullable<OutboundInit['tls']>) {
  return { ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert && tls.key ? { cert: tls.cert, key: tls.key } : {}) };
}

function describe(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string } };
  return e?.code ?? e?.cause?.code ?? e?.name ?? 'unknown';
}

/**
 * fetch() for URLs a tenant admin or operator configured. The URL is checked again (it may have
 * been saved before a rule changed), names are resolved through the guard, redirects are never
 * followed (a 3xx is handed back as it is; callers treat it as a failure), and nothing (no header,
 * no credential, no body) is sent unless the check passed. Every failure without an HTTP answer
 * is an OutboundError with the same German text.
 */
export async function outboundFetch(target: string | URL, init: OutboundInit, policy: OutboundPolicy): Promise<Response> {
  const result = checkOutboundUrl(target, policy);
  if (!result.ok) throw new OutboundError(`refused url: ${result.reason}`, true);
  const { url } = result.checked;
  if (init.signal?.aborted) throw new OutboundError('timeout before connect', false);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = init.body === undefined ? undefined : Buffer.from(init.body);
  return new Promise<Response>((resolve, reject) => {
    const req = send(url, {
      method: init.method ?? 'GET',
      headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      lookup: guardedLookup(policy, result.checked) as never,
      agent: false,
      signal: init.signal,
      ...(url.protocol === 'https:' && init.tls ? tlsOptions(init.tls) : {}),
    }, (res) => resolve(toResponse(res, init.signal)));
    req.on('error', (error) => {
      if (error instanceof OutboundError) return reject(error);
      const timedOut = init.signal?.aborted === true;
      reject(new OutboundError(`${result.checked.host}:${result.checked.port} ${timedOut ? 'timeout' : describe(error)}`, false));
    });
    req.end(body);
  });
}
