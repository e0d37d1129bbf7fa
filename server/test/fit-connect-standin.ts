// Test stand-in for the FIT-Connect Submission API: a real HTTP server holding JWE-encrypted submissions.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactEncrypt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, type CryptoKey, type JWTPayload } from 'jose';

export interface FakeAttachment { filename: string; mimeType: string; purpose: 'form' | 'attachment' | 'report'; content: Buffer; tamper?: boolean }
export interface FakeSubmission { submissionId: string; caseId: string; metadata: string; data?: string; attachments: Record<string, string> }
/** A Security Event Token the subscriber POSTed to /v1/cases/{caseId}/events, verified. */
export interface RecordedEvent { caseId: string; contentType: string; header: Record<string, unknown>; payload: JWTPayload & Record<string, any> }

const sha512 = (b: Uint8Array) => createHash('sha512').update(b).digest('hex');

export async function destinationKeys() {
  const { publicKey, privateKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true });
  return { publicKey, privateJwk: (await exportJWK(privateKey)) as Record<string, unknown> };
}

/** The destination's signing key pair (PS512); the public half is what the Zustelldienst knows. */
export async function signingKeys() {
  const { publicKey, privateKey } = await generateKeyPair('PS512', { extractable: true });
  return { publicKey, privateJwk: { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'PS512' } as Record<string, unknown> };
}

export async function encrypt(key: CryptoKey, bytes: Uint8Array): Promise<string> {
  return new CompactEncrypt(bytes).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'application/json' }).encrypt(key);
}

/** Builds an encrypted submission; options break one thing at a time for the failure tests. */
export async function buildSubmission(
  key: CryptoKey,
  o: { data: unknown; attachments: FakeAttachment[]; leika?: string; metadataOverride?: (m: Record<string, any>) => void; dataHashWrong?: boolean },
): Promise<FakeSubmission> {
  const dataBytes = Buffer.from(JSON.stringify(o.data), 'utf8');
  const ids = o.attachments.map(() => randomUUID());
  const metadata: Record<string, any> = {
    contentStructure: {
      data: { hash: { type: 'sha512', content: o.dataHashWrong ? 'a'.repeat(128) : sha512(dataBytes) }, submissionSchema: { schemaUri: 'https://schema.fitko.de/fim/s00000092_1.0.schema.json', mimeType: 'application/json' } },
      attachments: o.attachments.map((a, i) => ({ attachmentId: ids[i], hash: { type: 'sha512', content: sha512(a.content) }, purpose: a.purpose, filename: a.filename, mimeType: a.mimeType })),
    },
    publicServiceType: { name: 'Gewerbeanmeldung', identifier: `urn:de:fim:leika:leistung:${o.leika ?? '99050012104000'}` },
    replyChannel: { fink: { finkPostfachRef: 'sh/osi/4f1c-99ab', host: 'https://servicekonto.example.org/' } },
    additionalReferenceInfo: { senderReference: 'GEW-2025-0042', applicationDate: '2025-01-20' },
  };
  o.metadataOverride?.(metadata);
  const attachments: Record<string, string> = {};
  for (const [i, a] of o.attachments.entries()) {
    attachments[ids[i]!] = await encrypt(key, a.tamper ? Buffer.concat([a.content, Buffer.from('x')]) : a.content);
  }
  return { submissionId: randomUUID(), caseId: randomUUID(), metadata: await encrypt(key, Buffer.from(JSON.stringify(metadata))), data: await encrypt(key, dataBytes), attachments };
}

export class FakeSubmissionApi {
  readonly submissions = new Map<string, FakeSubmission>();
  /** Accept/reject events received, in order (only those with a valid signature). */
  readonly events: RecordedEvent[] = [];
  /** While true, the event endpoint answers 503 (the Zustelldienst is down). */
  down = false;
  private server: Server | null = null;
  /** signingKey: the destination's public signing key; events must verify against it. */
  constructor(readonly destinationId: string, private readonly signingKey?: CryptoKey) {}

  /** Events for one submission (by the SET's subject "submission:<id>"). */
  eventsFor(submissionId: string): RecordedEvent[] {
    return this.events.filter((e) => e.payload.sub === `submission:${submissionId}`);
  }

  private async receiveEvent(caseId: string, contentType: string, token: string): Promise<number> {
    if (this.down) return 503;
    if (contentType !== 'application/jose' || !this.signingKey) return 415;
    try {
      const { payload } = await jwtVerify(token, this.signingKey, { algorithms: ['PS512'], typ: 'secevent+jwt' });
      if (payload.txn !== `case:${caseId}`) return 422;
      const answered = [...this.submissions.values()].find((s) => payload.sub === `submission:${s.submissionId}`);
      if (!answered || answered.caseId !== caseId) return 404;
      // Answered submissions leave the pickup list (as at the real Zustelldienst).
      this.submissions.delete(answered.submissionId);
      this.events.push({ caseId, contentType, header: decodeProtectedHeader(token) as Record<string, unknown>, payload: payload as RecordedEvent['payload'] });
      return 202;
    } catch {
      return 422;
    }
  }

  private encryptionKey: { kid: string; jwk: Record<string, unknown> } | null = null;

  /**
   * OAuth2 client credentials as at the real Zustelldienst: once set, POST /token issues bearer
   * tokens for this client, and every other endpoint answers 401 without a valid one.
   */
  private oauth: { clientId: string; clientSecret: string; ttlSeconds: number } | null = null;
  private readonly validTokens = new Set<string>();
  /** Tokens issued (to see the cache at work) and requests refused with 401. */
  tokensIssued = 0;
  refused = 0;

  requireOAuth(o: { clientId: string; clientSecret: string; ttlSeconds?: number }): void {
    this.oauth = { ttlSeconds: 300, ...o };
  }

  /** The Zustelldienst forgets every token it issued (rotation, restart): the next call gets 401. */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  private issueToken(body: string): { status: number; body: string } {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: '{"error":"unsupported_grant_type"}' };
    if (!this.oauth || form.get('client_id') !== this.oauth.clientId || form.get('client_secret') !== this.oauth.clientSecret) return { status: 401, body: '{"error":"invalid_client"}' };
    const token = `fit-${randomUUID()}`;
    this.validTokens.add(token);
    this.tokensIssued++;
    return { status: 200, body: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: this.oauth.ttlSeconds }) };
  }

  private authorised(header: string | undefined): boolean {
    if (!this.oauth) return true;
    const ok = !!header?.startsWith('Bearer ') && this.validTokens.has(header.slice(7));
    if (!ok) this.refused++;
    return ok;
  }

  /** Publishes the destination's public encryption key (as the Zustelldienst does for senders). */
  publishEncryptionKey(privateJwk: Record<string, unknown>, kid = 'enc-1'): void {
    this.encryptionKey = { kid, jwk: { kty: privateJwk.kty, n: privateJwk.n, e: privateJwk.e, kid, alg: 'RSA-OAEP-256', use: 'enc', key_ops: ['wrapKey'] } };
  }

  add(s: FakeSubmission): string {
    this.submissions.set(s.submissionId, s);
    return s.submissionId;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const parts = url.pathname.split('/').filter(Boolean);
      const send = (status: number, body: string, type = 'application/json') => res.writeHead(status, { 'content-type': type }).end(body);
      if (req.method === 'POST' && url.pathname === '/token') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const answer = this.issueToken(Buffer.concat(chunks).toString('utf8'));
          send(answer.status, answer.body);
        });
        return;
      }
      if (!this.authorised(req.headers.authorization)) return send(401, '{"error":"invalid_token"}');
      if (req.method === 'POST' && parts[0] === 'v1' && parts[1] === 'cases' && parts[3] === 'events') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          void this.receiveEvent(parts[2] ?? '', req.headers['content-type'] ?? '', Buffer.concat(chunks).toString('utf8')).then((status) => send(status, '{}'));
        });
        return;
      }
      if (req.method === 'GET' && parts[0] === 'v1' && parts[1] === 'destinations') {
        const key = parts[2] === this.destinationId ? this.encryptionKey : null;
        if (!key) return send(404, '{"error":"not found"}');
        if (parts.length === 3) return send(200, JSON.stringify({ destinationId: this.destinationId, status: 'active', encryptionKid: key.kid }));
        return parts[3] === 'keys' && parts[4] === key.kid ? send(200, JSON.stringify(key.jwk)) : send(404, '{"error":"not found"}');
      }
      if (parts.join('/') === 'v1/submissions' && url.searchParams.get('destinationId') === this.destinationId) {
        return send(200, JSON.stringify({ count: this.submissions.size, offset: 0, totalCount: this.submissions.size, submissions: [...this.submissions.values()].map((s) => ({ destinationId: this.destinationId, submissionId: s.submissionId, caseId: s.caseId })) }));
      }
      const s = parts[0] === 'v1' && parts[1] === 'submissions' ? this.submissions.get(parts[2] ?? '') : undefined;
      if (!s) return send(404, '{"error":"not found"}');
      if (parts.length === 3) {
        return send(200, JSON.stringify({ submissionId: s.submissionId, destinationId: this.destinationId, caseId: s.caseId, encryptedMetadata: s.metadata, encryptedData: s.data, attachments: Object.keys(s.attachments), serviceType: { name: 'Gewerbeanmeldung', identifier: 'urn:de:fim:leika:leistung:99050012104000' } }));
      }
      const jwe = parts[3] === 'attachments' ? s.attachments[parts[4] ?? ''] : undefined;
      return jwe ? send(200, jwe, 'application/jose') : send(404, '{"error":"not found"}');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
