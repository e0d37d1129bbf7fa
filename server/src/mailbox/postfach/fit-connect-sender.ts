import { randomUUID } from 'node:crypto';
import { CompactEncrypt, importJWK, type JWK } from 'jose';
import { DeliveryError } from '../../outbox/deliverers/types.js';
import { outboundFetch, type OutboundPolicy } from '../../shared/outbound/index.js';
import { clientCredentialsToken, forgetToken, type ClientCredentials } from './oauth.js';
import { sha512Hex, ZBP_SCHEMA_URI } from './zbp-envelope.js';

/**
 * A FIT-Connect sender (Submission API v2) that hands ZBP envelopes to the ZBP bridge destination
 * ("Brückenkopf"): token → destination key → announce → upload encrypted attachments → submit
 * encrypted metadata and data. JWE: RSA-OAEP-256 / A256GCM to the destination's published key.
 */
export interface FitConnectSenderSettings extends ClientCredentials {
  submissionUrl: string;
  destinationUrl: string;
  destinationId: string;
}

const SERVICE = 'FIT-Connect (ZBP-Brücke)';
const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

async function call(url: string, init: { method: string; headers: Record<string, string>; body?: string }, outbound: OutboundPolicy, step: string, s: FitConnectSenderSettings) {
  const res = await outboundFetch(url, { ...init, signal: AbortSignal.timeout(60_000) }, outbound);
  if (res.status >= 200 && res.status < 300) return res;
  await res.body?.cancel().catch(() => {});
  if (res.status === 401) forgetToken(s);
  // Errors carry the step and the status only: FIT-Connect answers may quote submitted data.
  throw new DeliveryError(`${SERVICE}: ${step} abgelehnt (HTTP ${res.status})`, [400, 404, 413, 422].includes(res.status));
}

async function destinationKey(s: FitConnectSenderSettings, auth: Record<string, string>, outbound: OutboundPolicy) {
  const res = await call(join(s.destinationUrl, `/v2/destinations/${encodeURIComponent(s.destinationId)}/keys`), { method: 'GET', headers: { ...auth, accept: 'application/json' } }, outbound, 'Schlüsselabruf', s);
  const body = (await res.json().catch(() => ({}))) as { keys?: JWK[] };
  const jwk = body.keys?.find((k) => k.use === 'enc' || k.alg === 'RSA-OAEP-256') ?? body.keys?.[0];
  if (!jwk || jwk.kty !== 'RSA') throw new DeliveryError(`${SERVICE}: Der Zustellpunkt nennt keinen Verschlüsselungsschlüssel`);
  return { key: await importJWK(jwk, 'RSA-OAEP-256'), kid: jwk.kid };
}

export interface BridgeSubmission {
  serviceIdentifier: string;
  serviceName: string;
  /** The signed ZBP envelope (JSON text). */
  data: string;
  attachments: Array<{ filename: string; mimeType: string; bytes: Buffer }>;
}

export async function submitToBridge(s: FitConnectSenderSettings, submission: BridgeSubmission, outbound: OutboundPolicy): Promise<{ submissionId: string; caseId: string | null }> {
  const auth = { authorization: `Bearer ${await clientCredentialsToken(s, outbound, SERVICE)}` };
  const { key, kid } = await destinationKey(s, auth, outbound);
  const encrypt = (bytes: Uint8Array) =>
    new CompactEncrypt(bytes).setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'application/json', ...(kid ? { kid } : {}) }).encrypt(key);
  const attachments = submission.attachments.map((a) => ({ ...a, id: randomUUID() }));
  const metadata = {
    $schema: 'https://schema.fitko.de/fit-connect/metadata/2.1.0/metadata.schema.json',
    contentStructure: {
      data: { submissionSchema: { schemaUri: ZBP_SCHEMA_URI, mimeType: 'application/json' }, hash: { type: 'sha512', content: sha512Hex(submission.data) } },
      attachments: attachments.map((a) => ({
        attachmentId: a.id, filename: a.filename, description: a.filename, mimeType: a.mimeType, purpose: 'attachment', hash: { type: 'sha512', content: sha512Hex(a.bytes) },
      })),
    },
  };
  const announced = await call(join(s.submissionUrl, '/v2/submissions'), {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      destinationId: s.destinationId,
      announcedAttachments: attachments.map((a) => a.id),
      publicService: { identifier: submission.serviceIdentifier, name: submission.serviceName },
    }),
  }, outbound, 'Ankündigung', s);
  const { submissionId, caseId } = (await announced.json().catch(() => ({}))) as { submissionId?: unknown; caseId?: unknown };
  if (typeof submissionId !== 'string') throw new DeliveryError(`${SERVICE}: Die Ankündigung lieferte keine Einreichungs-ID`);
  for (const a of attachments) {
    await call(join(s.submissionUrl, `/v2/submissions/${encodeURIComponent(submissionId)}/attachments/${a.id}`), {
      method: 'PUT', headers: { ...auth, 'content-type': 'application/jose' }, body: await encrypt(a.bytes),
    }, outbound, 'Hochladen einer Anlage', s);
  }
  await call(join(s.submissionUrl, `/v2/submissions/${encodeURIComponent(submissionId)}`), {
    method: 'PUT',
    headers: { ...auth, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      encryptedMetadata: await encrypt(Buffer.from(JSON.stringify(metadata), 'utf8')),
      encryptedData: await encrypt(Buffer.from(submission.data, 'utf8')),
    }),
  }, outbound, 'Absenden', s);
  return { submissionId: submissionId.slice(0, 200), caseId: typeof caseId === 'string' ? caseId : null };
}
