import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * The ZBP's message and status formats and the signed envelope they travel in, as FITKO's
 * FIT-Connect documentation ("FIT-Connect und das Zentrale Bürgerpostfach") and the open-source
 * FIT-Connect SDKs describe them (sources: docs/decisions/0012-postfach-adapters.md):
 *   envelope { content: <payload JSON as text>, sha512sum: base64(RSA-SHA512 signature of content),
 *              authorToken: JWT RS512 { iat, exp, signer: certificate CN, roles: ['THIRD_PARTY'] },
 *              authorCertificate: PEM }
 * The signature is end-to-end: the ZBP checks it against the authority's BPKI certificate, no
 * matter whether the envelope came over the REST interface or through the FIT-Connect bridge.
 */

export const ZBP_MESSAGE_SERVICE = 'urn:schema-fitko-de:fit-connect:id.bund.de:message_v6';
export const ZBP_STATE_SERVICE = 'urn:schema-fitko-de:fit-connect:id.bund.de:status_v6';
export const ZBP_SCHEMA_URI = 'https://schema.fitko.de/fit-connect/id.bund.de/message_v6/1.0.0/zbp-message.schema.json';

/** Application states of the BundID status monitor. */
export type ZbpState = 'INITIATED' | 'SUBMITTED' | 'RECEIVED' | 'PROCESSING' | 'ACTION_REQUIRED' | 'COMPLETED';

export interface ZbpSigner { key: KeyObject; certificatePem: string; commonName: string }

export function zbpSigner(keyPem: string, certificatePem: string): ZbpSigner {
  const cert = new X509Certificate(certificatePem);
  const commonName = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? cert.subject;
  return { key: createPrivateKey(keyPem), certificatePem, commonName };
}

export const sha512Hex = (bytes: Uint8Array | string) => createHash('sha512').update(bytes).digest('hex');

/** The signed envelope around one payload, as JSON text. */
export async function signedEnvelope(signer: ZbpSigner, payload: Record<string, unknown>): Promise<string> {
  const content = JSON.stringify(payload);
  const now = Math.floor(Date.now() / 1000);
  const authorToken = await new SignJWT({ signer: signer.commonName, roles: ['THIRD_PARTY'] })
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + 30 * 60)
    .setJti(randomUUID())
    .sign(signer.key);
  return JSON.stringify({
    content,
    sha512sum: sign('sha512', Buffer.from(content, 'utf8'), signer.key).toString('base64'),
    authorToken,
    authorCertificate: signer.certificatePem,
  });
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export interface ZbpMessageInput {
  mailboxUuid: string;
  sender: string;
  title: string;
  content: string;
  service: string;
  storkQaaLevel: 1 | 2 | 3 | 4;
  applicationId?: string;
  replyAddress?: string | null;
  reference?: string;
  attachments: Array<{ filename: string; bytes: Buffer }>;
}

/** The message payload (zbp-message schema, message_v6). Field limits as published. */
export function zbpMessagePayload(m: ZbpMessageInput): Record<string, unknown> {
  return {
    stork_qaa_level: m.storkQaaLevel,
    mailboxUuid: m.mailboxUuid,
    sender: cut(m.sender, 255),
    title: cut(m.title, 1024),
    content: m.content,
    service: cut(m.service, 255),
    ...(m.applicationId ? { applicationId: m.applicationId } : {}),
    ...(m.replyAddress ? { replyAddress: cut(m.replyAddress, 320) } : {}),
    ...(m.reference ? { reference: cut(m.reference, 255) } : {}),
    ...(m.attachments.length
      ? { attachments: m.attachments.map((a) => ({ filename: a.filename, sha512sum: sha512Hex(a.bytes), contentLength: a.bytes.length })) }
      : {}),
  };
}

export interface ZbpStateInput {
  applicationId: string;
  status: ZbpState;
  publicServiceName: string;
  senderName: string;
  createdDate: string;
  statusDetails?: string;
  reference?: string;
}

/** The status payload for the BundID status monitor (status_v6). */
export function zbpStatePayload(s: ZbpStateInput): Record<string, unknown> {
  return {
    applicationId: s.applicationId,
    status: s.status,
    publicServiceName: { de: cut(s.publicServiceName, 100) },
    senderName: cut(s.senderName, 100),
    createdDate: s.createdDate,
    ...(s.statusDetails ? { statusDetails: { de: cut(s.statusDetails, 50) } } : {}),
    ...(s.reference ? { reference: cut(s.reference, 50) } : {}),
  };
}
