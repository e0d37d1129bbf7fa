import type { BlobStore } from '../../blobs/blob-store.js';
import { DeliveryError } from '../../outbox/deliverers/types.js';
import { outboundFetch, type OutboundPolicy } from '../../shared/outbound/index.js';
import type { MailboxAdapter, MailboxUpdates, OutgoingMailboxMessage } from './types.js';

export const EXTERNAL_TIMEOUT_MS = 30_000;

export interface ExternalMailboxSettings {
  baseUrl: string;
  token: string | null;
}

export async function readAll(blobs: BlobStore, sha256: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await blobs.get(sha256)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const endpoint = (base: string, path: string) => `${base.replace(/\/+$/, '')}${path}`;

/**
 * An external mailbox service over HTTP (the pattern of the state user accounts' mailboxes).
 *   send:    POST {base}/messages  { reference, mailboxId, subject, content, replyBy, kind, attachments: [{ fileName, mimeType, content(base64) }] }
 *            with Idempotency-Key → 2xx { id, status?: 'sent' | 'delivered' }
 *   polling: GET  {base}/updates?since=<cursor> → { replies: IncomingReply[], statuses: StatusUpdate[], cursor }
 * Replies and states may also be pushed to POST /api/mailbox/external/replies (see webhook.ts).
 * Errors carry only the HTTP status, never response bodies (they may quote personal data).
 */
export function externalMailboxAdapter(settings: ExternalMailboxSettings, blobs: BlobStore, outbound: OutboundPolicy): MailboxAdapter {
  const headers = (extra: Record<string, string> = {}) => ({
    accept: 'application/json',
    'user-agent': 'Amtsdesk-Postfach/1',
    ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
    ...extra,
  });
  return {
    channel: 'external',
    async send(message: OutgoingMailboxMessage) {
      if (!message.mailboxId) throw new DeliveryError('Kein Postfach der antragstellenden Person bekannt', true);
      const attachments = [];
      for (const a of message.attachments) {
        attachments.push({ fileName: a.fileName, mimeType: a.mimeType, content: (await readAll(blobs, a.sha256)).toString('base64') });
      }
      // The bearer token is only sent once the guard has passed the URL and its resolved address.
      const response = await outboundFetch(endpoint(settings.baseUrl, '/messages'), {
        method: 'POST',
        headers: headers({ 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey }),
        body: JSON.stringify({
          reference: message.id,
          mailboxId: message.mailboxId,
          subject: message.subject,
          content: message.body,
          replyBy: message.replyBy,
          kind: message.kind,
          caseNumber: message.caseNumber,
          attachments,
        }),
        signal: AbortSignal.timeout(EXTERNAL_TIMEOUT_MS),
      }, outbound);
      if (response.status < 200 || response.status >= 300) {
        await response.body?.cancel().catch(() => {});
        // The service refuses this message as such: retrying the same request cannot help.
        const permanent = [400, 404, 410, 413, 422].includes(response.status);
        throw new DeliveryError(`Postfachdienst: HTTP ${response.status}`, permanent);
      }
      const answer = (await response.json().catch(() => ({}))) as { id?: unknown; status?: unknown };
      return {
        externalId: typeof answer.id === 'string' ? answer.id.slice(0, 200) : null,
        status: answer.status === 'delivered' ? 'delivered' : 'sent',
      };
    },
    async fetchUpdates(cursor: string | null): Promise<MailboxUpdates> {
      const url = new URL(endpoint(settings.baseUrl, '/updates'));
      if (cursor) url.searchParams.set('since', cursor);
      const response = await outboundFetch(url, { headers: headers(), signal: AbortSignal.timeout(EXTERNAL_TIMEOUT_MS) }, outbound);
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new Error(`Postfachdienst: HTTP ${response.status}`);
      }
      const body = (await response.json()) as Partial<MailboxUpdates>;
      return {
        replies: Array.isArray(body.replies) ? body.replies : [],
        statuses: Array.isArray(body.statuses) ? body.statuses : [],
        cursor: typeof body.cursor === 'string' ? body.cursor : cursor,
      };
    },
  };
}
