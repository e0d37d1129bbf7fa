import { createHmac, timingSafeEqual } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { withPlatform } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import type { IncomingReply, StatusUpdate } from './adapters/types.js';
import { processUpdates } from './updates.js';

export const SIGNATURE_HEADER = 'x-mailbox-signature';

export function signMailboxBody(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function signatureMatches(raw: Buffer, secret: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(signMailboxBody(raw, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const ResultSchema = Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer(), ignored: Type.Integer() });

/**
 * The external mailbox service pushes replies and delivery states here:
 *   POST /api/mailbox/external/replies?tenant=<slug>   { replies?: [...], statuses?: [...] }
 * signed with the tenant's webhook secret: X-Mailbox-Signature: sha256=<HMAC-SHA256 of the raw body>.
 * An unknown tenant and a wrong signature get the same 401.
 */
export async function mailboxWebhookRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  await app.register(async (plugin) => {
    const scoped = plugin as AppInstance;
    // The signature covers the exact bytes: parse JSON here, after keeping the raw body.
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: 100 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scoped.post('/mailbox/external/replies', {
      config: { permission: 'webhook', public: true, csrf: false },
      schema: {
        tags: ['Nachrichten'],
        summary: 'Antworten und Zustellstatus vom externen Postfachdienst (Webhook, HMAC-signiert)',
        querystring: Type.Object({ tenant: Type.String({ maxLength: 100, description: 'Kennung (slug) der Kommune' }) }),
        body: Type.Unsafe<unknown>({ description: '{ replies?: [{ id, reference, subject?, content, attachments?: [{ fileName, mimeType, content(base64) }] }], statuses?: [{ messageId, status }] }' }),
        response: { 200: ResultSchema },
      },
    }, async (request) => {
      const raw = request.body as Buffer;
      const found = await withPlatform(deps.db, async (trx) =>
        (await sql<{ tenant_id: string; webhook_secret: string }>`select * from mailbox_webhook_secret(${request.query.tenant})`.execute(trx)).rows[0],
      );
      if (!found || !signatureMatches(raw, found.webhook_secret, request.headers[SIGNATURE_HEADER] as string | undefined)) {
        throw new AppError('unauthenticated', { detail: 'Die Signatur des Postfachdienstes fehlt oder ist ungültig.' });
      }
      let body: { replies?: IncomingReply[]; statuses?: StatusUpdate[] };
      try {
        body = JSON.parse(raw.toString('utf8')) as typeof body;
      } catch {
        throw new AppError('bad_request', { detail: 'Der Inhalt ist kein gültiges JSON.' });
      }
      if (typeof body !== 'object' || body === null) throw new AppError('bad_request', { detail: 'Der Inhalt muss ein JSON-Objekt sein.' });
      return processUpdates({ db: deps.db, config: deps.config, blobs: deps.blobs }, found.tenant_id, body);
    });
  });
}
