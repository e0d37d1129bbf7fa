import { sql, type ExpressionBuilder } from 'kysely';
import { withPlatform, withTenant, type Database, type Trx } from '../db/database.js';
import type { Database as Schema } from '../db/schema.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { appendEvent } from '../events/chain.js';
import { enqueue } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import { applicantActor, receiveReply, type ReceivedFile } from '../mailbox/inbound.js';
import { groupAttachments } from '../mailbox/presenter.js';
import { listMessageAttachments } from '../mailbox/repository.js';
import { createLoginLink, normaliseEmail, REQUESTED_LINK_TTL_MS } from './accounts.js';
import type { Applicant } from './sessions.js';
import { assertReleasable } from '../scanning/guard.js';
import type { RateLimitConfig } from '../config.js';
import { countHits, refuseIfOver } from '../auth/rate-limit.js';

/** The same answer whether or not the address is known: the page reveals nothing about cases. */
export const LINK_REQUESTED_TEXT =
  'Wenn zu dieser E-Mail-Adresse Anträge vorliegen, haben wir Ihnen einen Anmeldelink geschickt. Bitte sehen Sie in Ihrem Postfach nach.';

const notFound = () => new AppError('not_found', { detail: 'Der Antrag wurde nicht gefunden.' });

/** Cases of this applicant: the e-mail address of the application, or the mailbox of their user account. */
export function ownedBy(applicant: Pick<Applicant, 'email' | 'mailboxIdentifier'>) {
  return (eb: ExpressionBuilder<Schema, 'cases'>) =>
    eb.or([
      ...(applicant.email ? [eb(sql<string>`lower(cases.applicant->>'email')`, '=', applicant.email)] : []),
      ...(applicant.mailboxIdentifier ? [eb(sql<string>`cases.applicant->'mailbox'->>'identifier'`, '=', applicant.mailboxIdentifier)] : []),
    ]);
}

async function ownCase(trx: Trx, applicant: Applicant, caseId: string) {
  const row = await trx.selectFrom('cases')
    .innerJoin('services', 'services.id', 'cases.service_id')
    .select(['cases.id', 'cases.case_number', 'cases.title', 'cases.status', 'cases.received_at', 'cases.updated_at', 'services.name as service_name'])
    .where('cases.tenant_id', '=', applicant.tenantId).where('cases.id', '=', caseId).where(ownedBy(applicant))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/**
 * A sign-in link request. The answer must not tell whether the address is known, in its text or in
 * its timing: both cases do the same work before answering (count the request in the shared rate
 * limits), and the look-up and the e-mails run only after the answer has been sent. Past the
 * e-mail budget of the address the answer stays the same, but no e-mail goes out.
 */
export async function requestLoginLinksAnswered(
  db: Database, limits: RateLimitConfig, input: { email: string; client: string }, publicUrl: string, onError: (error: unknown) => void,
): Promise<void> {
  const address = normaliseEmail(input.email);
  const counted = await countHits(db, [
    { scope: 'portal-link-address', subject: address, limit: limits.portalLinkPerAddress },
    { scope: 'portal-link-mails', subject: address, limit: limits.portalMailsPerAddress },
    { scope: 'portal-client', subject: input.client, limit: limits.portalPerClient },
  ]);
  refuseIfOver([counted[0]!, counted[2]!], 'Zu viele Anfragen nach einem Anmeldelink.');
  if (counted[1]!.over) return;
  const running = linkWork.get(db) ?? new Set<Promise<void>>();
  linkWork.set(db, running);
  const work: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => requestLoginLinks(db, address, publicUrl))
    .catch(onError)
    .finally(() => running.delete(work));
  running.add(work);
}

const linkWork = new WeakMap<Database, Set<Promise<void>>>();

/** Waits for link requests still being worked on (shutdown, and tests that read the e-mails). */
export async function settleLoginLinkRequests(db: Database): Promise<void> {
  await Promise.allSettled([...(linkWork.get(db) ?? [])]);
}

/** Sends a sign-in link to the address for every municipality that holds an application of it. */
export async function requestLoginLinks(db: Database, email: string, publicUrl: string): Promise<void> {
  const address = normaliseEmail(email);
  const tenants = await withPlatform(db, async (trx) => (await sql<{ tenant_id: string }>`select * from portal_tenants_of_email(${address})`.execute(trx)).rows);
  for (const { tenant_id: tenantId } of tenants) {
    await withTenant(db, { tenantId }, async (trx) => {
      const link = await createLoginLink(trx, tenantId, address, publicUrl, REQUESTED_LINK_TTL_MS, { replaceOlder: true });
      const tenant = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
      await enqueue(trx, tenantId, 'email', {
        to: address,
        subject: `Ihr Anmeldelink für das Bürgerportal (${tenant.name})`,
        text: `Guten Tag,\n\nmit diesem Link melden Sie sich im Bürgerportal an und sehen Ihre Anträge bei ${tenant.name}:\n\n${link}\n\nDer Link ist 30 Minuten gültig und kann einmal verwendet werden. Wenn Sie keinen Link angefordert haben, können Sie diese E-Mail ignorieren.\n`,
      });
    });
  }
}

export async function applicantProfile(db: Database, applicant: Applicant) {
  const tenant = await withPlatform(db, (trx) => trx.selectFrom('tenants').select(['name']).where('id', '=', applicant.tenantId).executeTakeFirstOrThrow());
  return { email: applicant.email, authority: tenant.name, csrfToken: applicant.csrfToken, signInMethod: applicant.method, trustLevel: applicant.trustLevel };
}

export async function listApplications(db: Database, applicant: Applicant) {
  return withTenant(db, applicant, async (trx) => {
    const rows = await trx.selectFrom('cases')
      .innerJoin('services', 'services.id', 'cases.service_id')
      .select(['cases.id', 'cases.case_number', 'cases.title', 'cases.status', 'cases.received_at', 'cases.updated_at', 'services.name as service_name'])
      .select((eb) => eb.selectFrom('messages').select(sql<string>`count(*)`.as('n'))
        // Only what the portal shows counts: a letter by post or an external Postfach message is read elsewhere.
        .whereRef('messages.case_id', '=', 'cases.id').where('messages.direction', '=', 'out').where('messages.channel', '=', 'portal')
        .where('messages.read_at', 'is', null)
        .where('messages.delivery_status', 'in', ['delivered', 'sent']).as('unread'))
      .where('cases.tenant_id', '=', applicant.tenantId).where(ownedBy(applicant))
      .orderBy('cases.received_at', 'desc').limit(200).execute();
    return rows;
  });
}

/** Messages the applicant may see: ours once delivered (never a queued or failed one), and their own replies. */
async function visibleMessages(trx: Trx, applicant: Applicant, caseId: string) {
  const rows = await trx.selectFrom('messages')
    .select(['id', 'direction', 'kind', 'subject', 'body', 'created_at', 'delivered_at', 'read_at', 'in_reply_to', sql<string | null>`reply_by::text`.as('reply_by')])
    .where('tenant_id', '=', applicant.tenantId).where('case_id', '=', caseId).where('channel', '=', 'portal')
    .where((eb) => eb.or([eb('direction', '=', 'in'), eb('delivery_status', 'in', ['delivered', 'read'])]))
    .orderBy('created_at').orderBy('id').execute();
  const attachments = groupAttachments(await listMessageAttachments(trx, applicant.tenantId, rows.map((r) => r.id)));
  return rows.map((r) => ({ ...r, attachments: attachments.get(r.id) ?? [] }));
}

export async function applicationDetail(db: Database, applicant: Applicant, caseId: string) {
  return withTenant(db, applicant, async (trx) => {
    const row = await ownCase(trx, applicant, caseId);
    return { row, messages: await visibleMessages(trx, applicant, caseId) };
  });
}

/** The applicant opened a message: 'read' for the caseworker, once, with a history event. */
export async function markMessageRead(db: Database, applicant: Applicant, caseId: string, messageId: string) {
  await withTenant(db, applicant, async (trx) => {
    await ownCase(trx, applicant, caseId);
    const message = (await visibleMessages(trx, applicant, caseId)).find((m) => m.id === messageId && m.direction === 'out');
    if (!message) throw new AppError('not_found', { detail: 'Die Nachricht wurde nicht gefunden.' });
    if (message.read_at) return;
    await trx.updateTable('messages').set({ delivery_status: 'read', read_at: new Date() }).where('tenant_id', '=', applicant.tenantId).where('id', '=', messageId).execute();
    await appendEvent(trx, applicant.tenantId, { caseId, type: 'message.read', actor: applicantActor('portal', applicant.accountId), data: { messageId } });
  });
}

export async function replyToCase(db: Database, applicant: Applicant, caseId: string, input: { body: string; inReplyTo?: string; files: ReceivedFile[] }, publicUrl: string) {
  return withTenant(db, applicant, async (trx) => {
    await ownCase(trx, applicant, caseId);
    const received = await receiveReply(trx, applicant.tenantId, caseId, {
      body: input.body, attachments: input.files, channel: 'portal', inReplyTo: input.inReplyTo ?? null, accountId: applicant.accountId,
    }, publicUrl);
    return received!.messageId;
  });
}

/** A file of a visible message of the applicant's own case. */
export async function openMessageAttachment(db: Database, blobs: BlobStore, applicant: Applicant, caseId: string, attachmentId: string) {
  const file = await withTenant(db, applicant, async (trx) => {
    await ownCase(trx, applicant, caseId);
    const messages = await visibleMessages(trx, applicant, caseId);
    return messages.flatMap((m) => m.attachments).find((a) => a.id === attachmentId);
  });
  if (!file) throw new AppError('not_found', { detail: 'Die Datei wurde nicht gefunden.' });
  const row = await withTenant(db, applicant, (trx) => trx.selectFrom('attachments').select(['sha256', 'scan_status', 'file_name']).where('id', '=', attachmentId).executeTakeFirstOrThrow());
  assertReleasable(row);
  return { file, stream: await blobs.get(row.sha256) };
}
