import type { AppConfig } from '../config.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { withTenant, type Database } from '../db/database.js';
import { enqueue } from '../outbox/enqueue.js';
import { DeliveryError } from '../outbox/deliverers/types.js';
import { createLoginLink, NOTICE_LINK_TTL_MS } from '../portal/accounts.js';
import { externalMailboxAdapter } from './adapters/external.js';
import { portalAdapter } from './adapters/portal.js';
import type { MailboxAdapter } from './adapters/types.js';
import type { OutboundPolicy } from '../shared/outbound/index.js';
import { caseOfMessage, findMessage, listMessageAttachments, mailboxSettings, tenantName } from './repository.js';
import { postfachAdapter } from './postfach/adapters.js';
import { applicationIdOf } from './postfach/status-monitor.js';
import { findPostfachSettings, isPostfachChannel, type PostfachSettingsRow } from './postfach/settings.js';

export interface DeliveryDeps {
  db: Database;
  config: AppConfig;
  blobs: BlobStore;
}

/** The adapter of a channel, with the tenant's settings for the external service or the Postfach channel. */
export function adapterFor(
  channel: string, settings: { external_base_url: string | null; external_token: string | null } | undefined, blobs: BlobStore, outbound: OutboundPolicy,
  postfach?: PostfachSettingsRow,
): MailboxAdapter {
  if (channel === 'portal') return portalAdapter;
  if (isPostfachChannel(channel)) return postfachAdapter(channel, postfach, blobs, outbound);
  if (!settings?.external_base_url) throw new DeliveryError('Kein externer Postfachdienst eingerichtet');
  return externalMailboxAdapter({ baseUrl: settings.external_base_url, token: settings.external_token }, blobs, outbound);
}

function noticeText(authority: string, caseNumber: string, kind: string, link: string): { subject: string; text: string } {
  const what = kind === 'decision' ? 'einen Bescheid' : 'eine neue Nachricht';
  return {
    subject: `${kind === 'decision' ? 'Bescheid' : 'Neue Nachricht'} zu Ihrem Antrag ${caseNumber}`,
    text: [
      'Guten Tag,',
      '',
      `${authority} hat Ihnen ${what} zu Ihrem Antrag ${caseNumber} geschickt.`,
      'Aus Sicherheitsgründen steht der Inhalt nicht in dieser E-Mail. Sie können ihn im Bürgerportal lesen und dort antworten:',
      '',
      link,
      '',
      'Der Link kann einmal verwendet werden und ist 72 Stunden gültig. Danach können Sie im Bürgerportal mit Ihrer E-Mail-Adresse einen neuen Link anfordern.',
      '',
      'Diese E-Mail wurde automatisch erstellt.',
    ].join('\n'),
  };
}

/**
 * One delivery attempt of an outgoing message (called by the outbox worker). The external call
 * carries the outbox idempotency key, so a repeat after a crash is recognised by the service. A
 * message already confirmed as sent is not sent again. Portal deliveries tell the applicant by
 * e-mail (a one-time sign-in link, never the content), again through the outbox.
 */
export async function deliverMailboxMessage(deps: DeliveryDeps, tenantId: string, messageId: string, idempotencyKey: string): Promise<void> {
  const loaded = await withTenant(deps.db, { tenantId }, async (trx) => {
    const message = await findMessage(trx, tenantId, messageId);
    if (!message) return null;
    const kase = await caseOfMessage(trx, tenantId, message.case_id);
    const attachments = await listMessageAttachments(trx, tenantId, [messageId]);
    const postfach = isPostfachChannel(message.channel) ? await findPostfachSettings(trx, tenantId, message.channel) : undefined;
    return { message, kase: kase!, attachments, settings: await mailboxSettings(trx, tenantId), postfach, authority: await tenantName(trx, tenantId) };
  });
  if (!loaded) throw new DeliveryError('Die Nachricht existiert nicht mehr', true);
  const { message, kase, attachments, settings, postfach, authority } = loaded;
  if (message.delivery_status !== 'queued' && message.delivery_status !== 'failed') return;
  const adapter = adapterFor(message.channel, settings, deps.blobs, deps.config.outbound, postfach);
  const result = await adapter.send({
    id: message.id,
    tenantId,
    caseNumber: kase.case_number,
    kind: message.kind,
    subject: message.subject,
    body: message.body,
    replyBy: message.reply_by,
    mailboxId: kase.applicant.mailbox?.identifier ?? null,
    attachments: attachments.map((a) => ({ fileName: a.file_name, mimeType: a.mime_type, sha256: a.sha256, sizeBytes: Number(a.size_bytes) })),
    idempotencyKey,
    context: { authorityName: authority, serviceName: kase.title, applicationId: applicationIdOf(kase), trustLevel: kase.applicant.mailbox?.trustLevel },
  });
  await withTenant(deps.db, { tenantId }, async (trx) => {
    const now = new Date();
    const updated = await trx
      .updateTable('messages')
      .set({
        delivery_status: result.status,
        external_id: result.externalId,
        failure_reason: null,
        sent_at: now,
        delivered_at: result.status === 'delivered' ? now : null,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', messageId)
      .where('delivery_status', 'in', ['queued', 'failed'])
      .executeTakeFirst();
    const email = kase.applicant.email?.trim();
    if (Number(updated.numUpdatedRows) === 0 || adapter.channel !== 'portal' || !email) return;
    const link = await createLoginLink(trx, tenantId, email, deps.config.publicUrl, NOTICE_LINK_TTL_MS);
    const notice = noticeText(await tenantName(trx, tenantId), kase.case_number, message.kind, link);
    await enqueue(trx, tenantId, 'email', { to: email, ...notice }, { idempotencyKey: `portal_notice:${messageId}`, ifAbsent: true });
  });
}
