import { sql } from 'kysely';
import type { Actor } from '../auth/principal.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { addAttachment } from '../cases/service.js';
import { withTenant, type Database, type Trx } from '../db/database.js';
import { berlinDay } from '../deadlines/calendar.js';
import { appendEvent } from '../events/chain.js';
import type { ReceivedFile } from '../mailbox/inbound.js';
import { groupAttachments } from '../mailbox/presenter.js';
import { listMessageAttachments } from '../mailbox/repository.js';
import { BODY_MAX } from '../mailbox/service.js';
import { enqueue } from '../outbox/enqueue.js';
import type { Applicant } from '../portal/sessions.js';
import { accessLogOf, type AccessAction } from '../records/access-log.js';
import { assertReleasable } from '../scanning/guard.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { presentStatement } from './presenter.js';
import { sessionTrustLevel, trustLevelRefusal } from './policy.js';

const notFound = () => new AppError('not_found', { detail: 'Der Vorgang wurde nicht gefunden.' });
const ROLE_NAMES = { representative: 'Vertretung', co_applicant: 'Mitantragsteller/in', authority: 'beteiligte Behörde' } as const;

/** The portal session's active participations: its e-mail address (link) or user-account identifier (OIDC) was invited. */
function participations(trx: Trx, applicant: Applicant) {
  return trx.selectFrom('case_participants as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .innerJoin('services as s', 's.id', 'c.service_id')
    .select(['p.id', 'p.case_id', 'p.role', 'p.profession', 'p.name', 'p.statement_note', 'p.statement_requested_at', 'p.statement_received_at',
      'p.statement_message_id', 'c.case_number', 'c.status', 'c.assignee_id', 's.name as service_name', 's.participant_trust_level'])
    .select(sql<string | null>`p.statement_due_on::text`.as('statement_due_on'))
    .where('p.tenant_id', '=', applicant.tenantId).where('p.revoked_at', 'is', null)
    .where((eb) => eb.or([
      ...(applicant.email ? [eb(sql<string>`lower(p.email)`, '=', applicant.email)] : []),
      ...(applicant.mailboxIdentifier ? [eb('p.mailbox_identifier', '=', applicant.mailboxIdentifier)] : []),
      eb.val(false),
    ]));
}

type Participation = Awaited<ReturnType<ReturnType<typeof participations>['executeTakeFirstOrThrow']>>;

/** One participation of this session in this case, at a sufficient trust level; otherwise 404 (or 403 for a too weak sign-in). */
async function participationIn(trx: Trx, applicant: Applicant, caseId: string): Promise<Participation> {
  const row = await participations(trx, applicant).where('p.case_id', '=', caseId).executeTakeFirst();
  if (!row) throw notFound();
  const refusal = trustLevelRefusal(row.participant_trust_level, sessionTrustLevel(applicant));
  if (refusal) throw refusal;
  return row;
}

const participantActor = (row: Pick<Participation, 'id' | 'name' | 'role'>): Actor => ({ kind: 'participant', id: row.id, name: `${row.name} (${ROLE_NAMES[row.role]})` });

/** Every read by a participant: a history event in the same transaction, and an entry in the access log. */
async function recordRead(db: Database, trx: Trx, applicant: Applicant, row: Participation, action: AccessAction, objectId: string | null) {
  const actor = participantActor(row);
  await appendEvent(trx, applicant.tenantId, { caseId: row.case_id, type: 'participant.accessed', actor, data: { participantId: row.id, action, objectId } });
  await trx.updateTable('case_participants').set({ last_access_at: new Date() }).where('tenant_id', '=', applicant.tenantId).where('id', '=', row.id).execute();
  accessLogOf(db).record({
    tenantId: applicant.tenantId, at: new Date(), actorKind: 'participant', actorId: row.id, actorName: actor.name,
    caseId: row.case_id, caseNumber: row.case_number, action, objectId,
  });
}

export async function listParticipations(db: Database, applicant: Applicant) {
  const today = berlinDay();
  return withTenant(db, applicant, async (trx) => {
    const rows = await participations(trx, applicant).orderBy('p.invited_at', 'desc').limit(200).execute();
    const level = sessionTrustLevel(applicant);
    return rows.map((r) => ({
      caseId: r.case_id, caseNumber: r.case_number, service: r.service_name, role: r.role, profession: r.profession, name: r.name,
      statement: presentStatement(r, today), signInSufficient: !trustLevelRefusal(r.participant_trust_level, level),
    }));
  });
}

/** What is shared with the participant: the ids of shared messages and documents. */
async function sharedIds(trx: Trx, tenantId: string, participantId: string) {
  const rows = await trx.selectFrom('participant_shares').select(['item_kind', 'item_id']).where('tenant_id', '=', tenantId).where('participant_id', '=', participantId).execute();
  return { messages: rows.filter((r) => r.item_kind === 'message').map((r) => r.item_id), documents: rows.filter((r) => r.item_kind === 'attachment').map((r) => r.item_id) };
}

async function visibleContent(trx: Trx, tenantId: string, row: Participation) {
  const shared = await sharedIds(trx, tenantId, row.id);
  const messages = await trx.selectFrom('messages')
    .select(['id', 'direction', 'kind', 'subject', 'body', 'created_at', 'participant_id', 'created_by_name'])
    .where('tenant_id', '=', tenantId).where('case_id', '=', row.case_id)
    .where((eb) => eb.or([eb('participant_id', '=', row.id), ...(shared.messages.length ? [eb('id', 'in', shared.messages)] : [])]))
    .orderBy('created_at').orderBy('id').execute();
  const files = groupAttachments(await listMessageAttachments(trx, tenantId, messages.map((m) => m.id)));
  const documents = shared.documents.length
    ? await trx.selectFrom('attachments').select(['id', 'file_name', 'mime_type', 'size_bytes', 'scan_status', 'created_at'])
      .where('tenant_id', '=', tenantId).where('case_id', '=', row.case_id).where('id', 'in', shared.documents).orderBy('created_at').execute()
    : [];
  return { messages: messages.map((m) => ({ ...m, attachments: files.get(m.id) ?? [] })), documents };
}

/** The participant's view of the case: only what was shared with them and what they sent themselves. */
export async function participationDetail(db: Database, applicant: Applicant, caseId: string) {
  return withTenant(db, applicant, async (trx) => {
    const row = await participationIn(trx, applicant, caseId);
    const content = await visibleContent(trx, applicant.tenantId, row);
    await recordRead(db, trx, applicant, row, 'case_opened', null);
    return { row, ...content, statement: presentStatement(row, berlinDay()) };
  });
}

/** A file the participant may read: a shared document, a file of a shared message, or one they sent. */
export async function openSharedFile(db: Database, blobs: BlobStore, applicant: Applicant, caseId: string, attachmentId: string) {
  const file = await withTenant(db, applicant, async (trx) => {
    const row = await participationIn(trx, applicant, caseId);
    const content = await visibleContent(trx, applicant.tenantId, row);
    const visible = content.documents.some((d) => d.id === attachmentId) || content.messages.some((m) => m.attachments.some((a) => a.id === attachmentId));
    if (!visible) throw new AppError('not_found', { detail: 'Die Datei wurde nicht gefunden.' });
    const stored = await trx.selectFrom('attachments').select(['id', 'sha256', 'scan_status', 'file_name', 'mime_type', 'size_bytes'])
      .where('tenant_id', '=', applicant.tenantId).where('id', '=', attachmentId).executeTakeFirstOrThrow();
    assertReleasable(stored);
    await recordRead(db, trx, applicant, row, 'attachment_downloaded', attachmentId);
    return stored;
  });
  return { file: { fileName: file.file_name, mimeType: file.mime_type, sizeBytes: file.size_bytes }, stream: await blobs.get(file.sha256) };
}

/**
 * A reply or statement of the participant lands on the case: a message on channel 'participant'
 * (never shown to the applicant), its files as case attachments, the "reply received" marker, the
 * history event and an e-mail to the assigned caseworker; a statement answers the open request.
 */
export async function contribute(db: Database, applicant: Applicant, caseId: string, input: { body: string; statement: boolean; files: ReceivedFile[] }, publicUrl: string) {
  const body = input.body.trim();
  if (!body && input.files.length === 0) throw new AppError('validation_failed', { field: 'body', detail: 'Bitte schreiben Sie eine Nachricht oder fügen Sie eine Datei bei.' });
  if (body.length > BODY_MAX) throw new AppError('validation_failed', { field: 'body', detail: `Die Nachricht darf höchstens ${BODY_MAX} Zeichen lang sein.` });
  return withTenant(db, applicant, async (trx) => {
    const row = await participationIn(trx, applicant, caseId);
    if (input.statement && !row.statement_due_on) {
      throw new AppError('unprocessable', { field: 'statement', detail: 'Zu diesem Vorgang wurde keine Stellungnahme von Ihnen erbeten.' });
    }
    const actor = participantActor(row);
    const messageId = uuidv7();
    const now = new Date();
    const subject = input.statement ? `Stellungnahme: ${row.name}` : `Nachricht von ${row.name}`;
    await trx.insertInto('messages').values({
      id: messageId, tenant_id: applicant.tenantId, case_id: caseId, direction: 'in', kind: 'reply', subject: subject.slice(0, 200), body, reply_by: null,
      delivery_status: 'delivered', failure_reason: null, channel: 'participant', external_id: null, in_reply_to: null, outbox_id: null,
      created_by: null, created_by_name: actor.name, sent_at: now, delivered_at: now, read_at: null, participant_id: row.id,
    }).execute();
    const files = [];
    for (const [position, file] of input.files.entries()) {
      const { id } = await addAttachment(trx, applicant.tenantId, caseId, { ...file, kind: 'participant' }, actor);
      await trx.insertInto('message_attachments').values({ tenant_id: applicant.tenantId, message_id: messageId, attachment_id: id, position }).execute();
      files.push({ id, fileName: file.fileName });
    }
    if (input.statement) {
      await trx.updateTable('case_participants').set({ statement_received_at: now, statement_message_id: messageId })
        .where('tenant_id', '=', applicant.tenantId).where('id', '=', row.id).execute();
    }
    await trx.updateTable('cases').set({ unread_reply: true }).where('tenant_id', '=', applicant.tenantId).where('id', '=', caseId).execute();
    await appendEvent(trx, applicant.tenantId, { caseId, type: 'participant.contributed', actor, data: { participantId: row.id, messageId, statement: input.statement, attachments: files } });
    await notifyAssignee(trx, applicant.tenantId, row, messageId, input.statement, publicUrl);
    return messageId;
  });
}

async function notifyAssignee(trx: Trx, tenantId: string, row: Participation, messageId: string, statement: boolean, publicUrl: string) {
  if (!row.assignee_id) return;
  const user = await trx.selectFrom('users').select(['email', 'active']).where('tenant_id', '=', tenantId).where('id', '=', row.assignee_id).executeTakeFirst();
  if (!user?.active) return;
  await enqueue(trx, tenantId, 'email', {
    to: user.email,
    subject: `${statement ? 'Stellungnahme' : 'Nachricht einer beteiligten Person'} eingegangen: Vorgang ${row.case_number}`,
    text: `Zum Vorgang ${row.case_number} ist ${statement ? 'eine Stellungnahme' : 'eine Nachricht'} einer beteiligten Person eingegangen.\n\n${publicUrl.replace(/\/+$/, '')}/vorgaenge/${row.case_id}\n`,
  }, { idempotencyKey: `participant_contribution_notice:${messageId}` });
}
