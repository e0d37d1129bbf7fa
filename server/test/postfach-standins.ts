// Real HTTP stand-ins for the Postfach services (docs/decisions/0012-postfach-adapters.md):
// the FIT-Connect Submission API with the ZBP bridge destination, the ZBP REST interface (HTTPS with
// client certificates), and a Postfach gateway (OSI / BayernID / MUK) with an OAuth2 token endpoint.
// Each checks what the documented protocol demands and answers 400/401 when it is not met.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomUUID, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactDecrypt, exportJWK, generateKeyPair, jwtVerify } from 'jose';

/** A key pair and self-signed certificate made by openssl (as a BPKI or server certificate would be). */
export function makeCertificate(cn: string, ipSan = false): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}/O=Amtsdesk Test`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), ...(ipSan ? ['-addext', 'subjectAltName=IP:127.0.0.1'] : []),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
const json = (res: ServerResponse, status: number, value?: unknown) => {
  res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
  res.end(value === undefined ? undefined : JSON.stringify(value));
};
const sha512 = (b: Uint8Array | string) => createHash('sha512').update(b).digest('hex');

/** What the ZBP received, after checking the envelope's signature and author token against the certificate. */
export interface ZbpDelivery { service: 'message' | 'state'; payload: Record<string, any>; signer: string; attachments: Array<{ filename: string; bytes: Buffer }> }

/** Checks a signed ZBP envelope as the ZBP does; throws on any mismatch. */
export async function openEnvelope(envelope: { content: string; sha512sum: string; authorToken: string; authorCertificate: string }, trusted: string) {
  if (new X509Certificate(envelope.authorCertificate).fingerprint256 !== new X509Certificate(trusted).fingerprint256) throw new Error('unknown author certificate');
  const key = createPublicKey(envelope.authorCertificate);
  if (!verify('sha512', Buffer.from(envelope.content, 'utf8'), key, Buffer.from(envelope.sha512sum, 'base64'))) throw new Error('bad signature');
  const token = await jwtVerify(envelope.authorToken, key, { algorithms: ['RS512'] });
  if (!(token.payload.roles as string[]).includes('THIRD_PARTY')) throw new Error('no role');
  return { payload: JSON.parse(envelope.content) as Record<string, any>, signer: token.payload.signer as string };
}

function checkAttachments(payload: Record<string, any>, files: Array<{ filename: string; bytes: Buffer }>) {
  for (const declared of payload.attachments ?? []) {
    const file = files.find((f) => f.filename === declared.filename);
    if (!file || sha512(file.bytes) !== declared.sha512sum || file.bytes.length !== declared.contentLength) throw new Error('attachment mismatch');
  }
}

async function listen(server: Server, scheme: 'http' | 'https') {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * FIT-Connect (test environment layout): token endpoint, Destination API (keys of the ZBP bridge
 * destination), Submission API v2 (announce, attachments as JWE, submit).
 */
export async function startFitConnectZbpBridge(o: { clientId: string; clientSecret: string; destinationId: string; authorCertificate: string }) {
  const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  const kid = randomUUID();
  const tokens = new Set<string>();
  const pending = new Map<string, { destinationId: string; serviceIdentifier: string; announced: string[]; uploads: Map<string, Buffer> }>();
  const deliveries: ZbpDelivery[] = [];
  const refusals: string[] = [];
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const raw = await body(req);
      if (req.method === 'POST' && url.pathname === '/token') {
        const form = new URLSearchParams(raw.toString());
        if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== o.clientId || form.get('client_secret') !== o.clientSecret) return json(res, 401, { error: 'invalid_client' });
        const token = randomUUID();
        tokens.add(token);
        return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 1800 });
      }
      if (!tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return json(res, 401);
      if (req.method === 'GET' && url.pathname === `/destination-api/v2/destinations/${o.destinationId}/keys`) {
        return json(res, 200, { keys: [{ ...(await exportJWK(publicKey)), kid, use: 'enc', alg: 'RSA-OAEP-256' }] });
      }
      if (req.method === 'POST' && url.pathname === '/submission-api/v2/submissions') {
        const b = JSON.parse(raw.toString()) as { destinationId: string; announcedAttachments: string[]; publicService: { identifier: string } };
        if (b.destinationId !== o.destinationId) return json(res, 404);
        const submissionId = randomUUID();
        pending.set(submissionId, { destinationId: b.destinationId, serviceIdentifier: b.publicService.identifier, announced: b.announcedAttachments, uploads: new Map() });
        return json(res, 201, { submissionId, caseId: randomUUID(), destinationId: b.destinationId });
      }
      const m = /^\/submission-api\/v2\/submissions\/([^/]+)(?:\/attachments\/([^/]+))?$/.exec(url.pathname);
      const sub = m && pending.get(m[1]!);
      if (req.method === 'PUT' && sub && m[2]) {
        if (!sub.announced.includes(m[2]) || req.headers['content-type'] !== 'application/jose') return json(res, 400);
        sub.uploads.set(m[2], Buffer.from((await compactDecrypt(raw.toString(), privateKey)).plaintext));
        return json(res, 204);
      }
      if (req.method === 'PUT' && sub) {
        const b = JSON.parse(raw.toString()) as { encryptedMetadata: string; encryptedData: string };
        const metadata = JSON.parse(Buffer.from((await compactDecrypt(b.encryptedMetadata, privateKey)).plaintext).toString()) as Record<string, any>;
        const data = Buffer.from((await compactDecrypt(b.encryptedData, privateKey)).plaintext).toString();
        if (metadata.contentStructure.data.hash.content !== sha512(data)) throw new Error('data hash');
        const files = (metadata.contentStructure.attachments as Array<Record<string, any>>).map((a) => {
          const bytes = sub.uploads.get(a.attachmentId);
          if (!bytes || sha512(bytes) !== a.hash.content) throw new Error('attachment hash');
          return { filename: a.filename as string, bytes };
        });
        const opened = await openEnvelope(JSON.parse(data), o.authorCertificate);
        checkAttachments(opened.payload, files);
        const service = sub.serviceIdentifier.endsWith(':message_v6') ? 'message' : sub.serviceIdentifier.endsWith(':status_v6') ? 'state' : null;
        if (!service) throw new Error('unknown service');
        deliveries.push({ service, ...opened, attachments: files });
        pending.delete(m[1]!);
        return json(res, 202, { submissionId: m[1] });
      }
      return json(res, 404);
    } catch (error) {
      refusals.push((error as Error).message);
      return json(res, 400, { errorCode: 'invalid' });
    }
  });
  const base = await listen(server, 'http');
  return {
    tokenUrl: `${base}/token`, submissionUrl: `${base}/submission-api`, destinationUrl: `${base}/destination-api`,
    deliveries, refusals, close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The ZBP REST interface: HTTPS that demands the authority's BPKI certificate as client certificate. */
export async function startZbpRest(o: { authorCertificate: string }) {
  const serverCert = makeCertificate('zbp.standin.test', true);
  const deliveries: ZbpDelivery[] = [];
  const server = createHttpsServer({ key: serverCert.key, cert: serverCert.cert, ca: o.authorCertificate, requestCert: true, rejectUnauthorized: true }, async (req, res) => {
    try {
      const raw = JSON.parse((await body(req)).toString()) as { envelope: any; attachments?: Array<{ filename: string; content: string }> };
      if (!req.headers['idempotency-key']) return json(res, 400);
      const opened = await openEnvelope(raw.envelope, o.authorCertificate);
      const files = (raw.attachments ?? []).map((a) => ({ filename: a.filename, bytes: Buffer.from(a.content, 'base64') }));
      checkAttachments(opened.payload, files);
      if (req.method === 'POST' && req.url === '/api/messages') deliveries.push({ service: 'message', ...opened, attachments: files });
      else if (req.method === 'POST' && req.url === '/api/states') deliveries.push({ service: 'state', ...opened, attachments: [] });
      else return json(res, 404);
      return json(res, 201, { id: randomUUID() });
    } catch {
      return json(res, 400);
    }
  });
  const base = await listen(server as unknown as Server, 'https');
  return { baseUrl: `${base}/api`, ca: serverCert.cert, deliveries, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A Postfach gateway (OSI / BayernID / MUK slot): OAuth2 token, POST /messages, GET /updates. */
export async function startPostfachGateway(o: { clientId: string; clientSecret: string }) {
  const tokens = new Set<string>();
  const received: Array<Record<string, any>> = [];
  const replies: Array<Record<string, unknown>> = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const raw = await body(req);
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      const form = new URLSearchParams(raw.toString());
      if (form.get('client_id') !== o.clientId || form.get('client_secret') !== o.clientSecret) return json(res, 401, { error: 'invalid_client' });
      const token = randomUUID();
      tokens.add(token);
      return json(res, 200, { access_token: token, expires_in: 600 });
    }
    if (!tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return json(res, 401);
    if (req.method === 'POST' && url.pathname === '/gw/messages') {
      const message = JSON.parse(raw.toString()) as Record<string, any>;
      if (!message.mailboxId || !req.headers['idempotency-key']) return json(res, 400);
      received.push(message);
      return json(res, 201, { id: `gw-${received.length}`, status: 'delivered' });
    }
    if (req.method === 'GET' && url.pathname === '/gw/updates') {
      const since = Number(url.searchParams.get('since') ?? 0);
      return json(res, 200, { replies: replies.slice(since), statuses: [], cursor: String(replies.length) });
    }
    return json(res, 404);
  });
  const base = await listen(server, 'http');
  return { baseUrl: `${base}/gw`, tokenUrl: `${base}/oauth/token`, received, replies, close: () => new Promise<void>((r) => server.close(() => r())) };
}
