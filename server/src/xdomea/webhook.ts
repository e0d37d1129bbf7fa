import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { withPlatform } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import type { XdomeaMessageBuilders } from './contract.js';
import { receiveAnswer } from './answers.js';
import { SIGNATURE_HEADER, xdomeaSignatureMatches } from './transport/signature.js';
import { isAnswerFileName } from './transport/file-names.js';

const REFUSED_TEXT = 'Die xdomea-Antwort wurde abgewiesen (unbekannte ProzessID, falscher Absender oder ungültige Nachricht); es wurde nichts geändert.';

/**
 * A receiver pushes its answers (0402/0403, 0502/0504/0506/0507) here:
 *   POST /api/xdomea/answers/<targetId>?tenant=<slug>   body: the ZIP (or the bare message XML)
 * signed with the target's shared secret: X-Xdomea-Signature: sha256=<HMAC-SHA256 of the body>.
 * Unknown tenant, unknown target and a wrong signature get the same 401. The body is bounded
 * (AMTSDESK_XDOMEA_MAX_ANSWER_BYTES) before it is buffered.
 */
export function xdomeaWebhookRoutes(builders: XdomeaMessageBuilders) {
  return async function routes(app: AppInstance, deps: AppDeps): Promise<void> {
    await app.register(async (plugin) => {
      const scoped = plugin as AppInstance;
      const limit = deps.config.xdomea.maxAnswerBytes;
      for (const type of ['application/zip', 'application/xml', 'text/xml', 'application/octet-stream']) {
        scoped.removeContentTypeParser(type);
        scoped.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
      }
      scoped.post('/xdomea/answers/:targetId', {
        config: { permission: 'webhook', public: true, csrf: false },
        bodyLimit: limit,
        schema: {
          tags: ['xdomea'],
          summary: 'Antworten eines Empfängers (E-Akte, Behörde, Archiv) auf xdomea-Nachrichten (HMAC-signiert)',
          params: Type.Object({ targetId: Type.String({ maxLength: 64 }) }),
          querystring: Type.Object({ tenant: Type.String({ maxLength: 100, description: 'Kennung (slug) der Kommune' }) }),
          headers: Type.Object({ 'x-xdomea-filename': Type.Optional(Type.String({ maxLength: 200 })) }),
          body: Type.Unsafe<unknown>({ description: 'Das xdomea-Paket (ZIP) oder die Nachricht (XML)' }),
          response: { 200: Type.Object({ outcome: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]) }) },
        },
      }, async (request) => {
        const raw = request.body;
        const found = isUuid(request.params.targetId)
          ? await withPlatform(deps.db, async (trx) =>
            (await sql<{ tenant_id: string; shared_secret: string }>`select * from xdomea_inbound_target(${request.query.tenant}, ${request.params.targetId}::uuid)`.execute(trx)).rows[0])
          : undefined;
        if (!Buffer.isBuffer(raw) || !found || !xdomeaSignatureMatches(raw, found.shared_secret, request.headers[SIGNATURE_HEADER] as string | undefined)) {
          throw new AppError('unauthenticated', { detail: 'Die Signatur des Empfängers fehlt oder ist ungültig.' });
        }
        const given = request.headers['x-xdomea-filename'];
        const fileName = typeof given === 'string' && isAnswerFileName(given) ? given : 'antwort.zip';
        const result = await receiveAnswer({ db: deps.db, builders, logger: request.log }, found.tenant_id, request.params.targetId, fileName, raw);
        if (result.outcome === 'refused') throw new AppError('xdomea_answer_refused', { detail: REFUSED_TEXT, extra: { refusal: result.refusal } });
        return { outcome: result.outcome };
      });
    });
  };
}
