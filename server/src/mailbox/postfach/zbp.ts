import type { BlobStore } from '../../blobs/blob-store.js';
import { DeliveryError } from '../../outbox/deliverers/types.js';
import { outboundFetch, type OutboundPolicy } from '../../shared/outbound/index.js';
import { readAll } from '../adapters/external.js';
import type { MailboxAdapter, OutgoingMailboxMessage, SendResult } from '../adapters/types.js';
import { storkLevel } from './accounts.js';
import { submitToBridge } from './fit-connect-sender.js';
import type { PostfachSettingsRow } from './settings.js';
import {
  signedEnvelope, ZBP_MESSAGE_SERVICE, ZBP_STATE_SERVICE, zbpMessagePayload, zbpSigner, zbpStatePayload, type ZbpStateInput,
} from './zbp-envelope.js';

/**
 * BundID / Zentrales Bürgerpostfach. Two ways in, chosen per tenant (docs/decisions/0012):
 *   rest:        the ZBP's REST interface, reachable only inside the Netze des Bundes / the
 *                Verbindungsnetz, with the authority's BPKI certificate as TLS client certificate.
 *                POST {base}/messages  { envelope, attachments: [{ filename, mimeType, content(base64) }] }
 *                POST {base}/states    { envelope }
 *   fit_connect: the FIT-Connect bridge: the same envelope as the data of a FIT-Connect submission
 *                to the ZBP bridge destination, attachments as FIT-Connect attachments.
 * The ZBP is one-way: applicants cannot answer into the case through it (replyAddress tells them
 * where they can). Errors carry status codes only, never response bodies.
 */
const SERVICE = 'BundID-Postfach (ZBP)';
const join = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

function signerOf(s: PostfachSettingsRow) {
  if (!s.signing_key || !s.certificate) throw new DeliveryError(`Adapter nicht eingerichtet: ${SERVICE} – Signaturschlüssel oder Zertifikat fehlt`, true);
  return zbpSigner(s.signing_key, s.certificate);
}

async function postRest(s: PostfachSettingsRow, path: string, body: unknown, idempotencyKey: string, outbound: OutboundPolicy): Promise<string | null> {
  const res = await outboundFetch(join(s.base_url!, path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey, 'user-agent': 'Amtsdesk-Postfach/1' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
    tls: { ca: s.tls_ca ?? undefined, cert: s.certificate ?? undefined, key: s.signing_key ?? undefined },
  }, outbound);
  if (res.status < 200 || res.status >= 300) {
    await res.body?.cancel().catch(() => {});
    throw new DeliveryError(`${SERVICE}: HTTP ${res.status}`, [400, 404, 410, 413, 422].includes(res.status));
  }
  const answer = (await res.json().catch(() => ({}))) as { id?: unknown; messageId?: unknown };
  const id = typeof answer.id === 'string' ? answer.id : typeof answer.messageId === 'string' ? answer.messageId : null;
  return id?.slice(0, 200) ?? null;
}

function bridge(s: PostfachSettingsRow) {
  return {
    submissionUrl: s.base_url!, destinationUrl: s.destination_url!, destinationId: s.destination_id!,
    tokenUrl: s.token_url!, clientId: s.client_id!, clientSecret: s.client_secret!,
  };
}

export function zbpAdapter(s: PostfachSettingsRow, blobs: BlobStore, outbound: OutboundPolicy): MailboxAdapter & { sendState(state: ZbpStateInput, idempotencyKey: string): Promise<void> } {
  return {
    channel: 'bundid',
    async send(message: OutgoingMailboxMessage): Promise<SendResult> {
      if (!message.mailboxId) throw new DeliveryError('Kein Postfach der antragstellenden Person bekannt', true);
      const ctx = message.context;
      const files = [];
      for (const a of message.attachments) files.push({ filename: a.fileName, mimeType: a.mimeType, bytes: await readAll(blobs, a.sha256) });
      const payload = zbpMessagePayload({
        mailboxUuid: message.mailboxId,
        sender: s.sender_name ?? ctx?.authorityName ?? 'Amtsdesk',
        title: message.subject,
        content: message.replyBy ? `${message.body}\n\nBitte antworten Sie bis zum ${message.replyBy.split('-').reverse().join('.')}.` : message.body,
        service: ctx?.serviceName ?? message.caseNumber,
        storkQaaLevel: storkLevel(ctx?.trustLevel) ?? 1,
        applicationId: ctx?.applicationId,
        replyAddress: s.reply_address,
        reference: message.caseNumber,
        attachments: files.map((f) => ({ filename: f.filename, bytes: f.bytes })),
      });
      const envelope = await signedEnvelope(signerOf(s), payload);
      if (s.mode === 'fit_connect') {
        const sent = await submitToBridge(bridge(s), { serviceIdentifier: ZBP_MESSAGE_SERVICE, serviceName: payload.service as string, data: envelope, attachments: files }, outbound);
        return { externalId: sent.submissionId, status: 'sent' };
      }
      const externalId = await postRest(s, '/messages', {
        envelope: JSON.parse(envelope) as unknown,
        attachments: files.map((f) => ({ filename: f.filename, mimeType: f.mimeType, content: f.bytes.toString('base64') })),
      }, message.idempotencyKey, outbound);
      return { externalId, status: 'sent' };
    },
    async sendState(state: ZbpStateInput, idempotencyKey: string): Promise<void> {
      const envelope = await signedEnvelope(signerOf(s), zbpStatePayload(state));
      if (s.mode === 'fit_connect') {
        await submitToBridge(bridge(s), { serviceIdentifier: ZBP_STATE_SERVICE, serviceName: 'ZBP State Forwarding', data: envelope, attachments: [] }, outbound);
        return;
      }
      await postRest(s, '/states', { envelope: JSON.parse(envelope) as unknown }, idempotencyKey, outbound);
    },
  };
}
