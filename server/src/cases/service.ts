import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Applicant, FormItem } from '../db/schema.js';
import type { Actor } from '../auth/principal.js';
import { appendEvent, appendEvents, type NewEvent } from '../events/chain.js';
import { outboxRow } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { prepareCaseNumber } from './numbering.js';

export type CasePriority = 'low' | 'normal' | 'high';

export interface NewCaseInput {
  serviceId: string;
  orgUnitId?: string;
  title?: string;
  applicant: Applicant;
  formData: FormItem[];
  channel: string;
  transactionId?: string;
  receivedAt?: Date;
  priority?: CasePriority;
}

export interface CreatedCase {
  id: string;
  caseNumber: string;
  status: string;
  created: boolean;
}

/** "Nachname, Vorname" for people, the name for organisations. */
export function applicantNameOf(applicant: Applicant): string {
  if (applicant.kind === 'organisation' && applicant.organisationName?.trim()) return applicant.organisationName.trim();
  const parts = [applicant.lastName?.trim(), applicant.firstName?.trim()].filter(Boolean);
  return parts.join(', ') || applicant.organisationName?.trim() || 'Unbekannt';
}

async function findByTransaction(trx: Trx, tenantId: string, channel: string, transactionId: string) {
  return trx
    .selectFrom('cases')
    .select(['id', 'case_number', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('channel', '=', channel)
    .where('transaction_id', '=', transactionId)
    .executeTakeFirst();
}

/** What an intake adds to a new case in the same transaction (see createCase). */
export interface CaseExtras {
  attachments?: NewAttachment[];
  /** Events after case.created and the attachment events, once id and number are known. */
  events?: (created: { id: string; caseNumber: string }) => NewEvent[];
}

/**
 * Creates a case with its number, its 'case.created' event and the outbox notice, all in the
 * caller's transaction. Idempotent on (tenant, channel, transactionId): a retried submission gets
 * the existing case back (created=false) and consumes no number. The advisory lock serialises
 * concurrent retries of the same submission before either looks for the other.
 *
 * The tenant's two hot rows, the number counter and the event chain head, serialise all new cases
 * of a tenant until commit. So every read happens first; then the number is drawn, case,
 * attachments and outbox notice are written in one statement, and all events are appended with
 * one head lock — the tail of the transaction holding those locks is four round trips long.
 */
export async function createCase(trx: Trx, tenantId: string, input: NewCaseInput, actor: Actor, extras: CaseExtras = {}): Promise<CreatedCase> {
  if (input.transactionId) {
    const key = `${tenantId}${input.channel}${input.transactionId}`;
    await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
    const existing = await findByTransaction(trx, tenantId, input.channel, input.transactionId);
    if (existing) return { id: existing.id, caseNumber: existing.case_number, status: existing.status, created: false };
  }
  const service = await trx
    .selectFrom('services')
    .select(['id', 'name', 'org_unit_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', input.serviceId)
    .executeTakeFirst();
  if (!service) {
    throw new AppError('unprocessable', { field: 'serviceId', detail: `Die Leistung „${input.serviceId}“ ist in dieser Kommune unbekannt.` });
  }
  const orgUnitId = input.orgUnitId ?? service.org_unit_id;
  if (!orgUnitId) {
    throw new AppError('unprocessable', { field: 'orgUnitId', detail: `Für die Leistung „${service.name}“ ist keine Organisationseinheit zuständig.` });
  }
  const orgUnit = await trx
    .selectFrom('org_units')
    .select(['id', 'short_code'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orgUnitId)
    .executeTakeFirst();
  if (!orgUnit) {
    throw new AppError('unprocessable', { field: 'orgUnitId', detail: `Die Organisationseinheit „${orgUnitId}“ ist in dieser Kommune unbekannt.` });
  }
  const attachments = (extras.attachments ?? []).map((a) => attachmentRow(tenantId, '', a));
  const receivedAt = input.receivedAt ?? new Date();
  const id = uuidv7(receivedAt.getTime());
  const numbering = await prepareCaseNumber(trx, tenantId, orgUnit.short_code, receivedAt);
  // From here on the tenant's counter row is locked until commit.
  const caseNumber = await numbering.draw();
  const insertCase = trx.insertInto('cases').values({
    id,
    tenant_id: tenantId,
    case_number: caseNumber,
    service_id: service.id,
    org_unit_id: orgUnit.id,
    status: 'new',
    status_before_forward: null,
    assignee_id: null,
    priority: input.priority ?? 'normal',
    version: 1,
    title: input.title?.trim() || service.name,
    applicant: JSON.stringify(input.applicant),
    applicant_name: applicantNameOf(input.applicant),
    form_data: JSON.stringify(input.formData),
    channel: input.channel,
    transaction_id: input.transactionId ?? null,
    received_at: receivedAt,
    updated_at: receivedAt,
  });
  const notice = outboxRow(tenantId, 'domain_event', { eventType: 'case.created', body: { caseId: id, caseNumber } }, `case.created:${id}`);
  // One statement: case, attachments (checked against the case at its end) and outbox notice.
  const withCase = trx.with('new_case', () => insertCase);
  await (attachments.length
    ? withCase.with('new_attachments', (db) => db.insertInto('attachments').values(attachments.map((a) => ({ ...a, case_id: id }))))
    : withCase
  )
    .insertInto('outbox')
    .values(notice)
    .execute();
  await appendEvents(trx, tenantId, [
    { caseId: id, type: 'case.created', actor, data: { caseNumber, channel: input.channel, status: { from: null, to: 'new' }, orgUnit: { from: null, to: orgUnit.id } } },
    ...attachments.map((a) => attachmentEvent(id, a, actor)),
    ...(extras.events?.({ id, caseNumber }) ?? []),
  ]);
  return { id, caseNumber, status: 'new', created: true };
}

export interface NewAttachment {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  kind?: string;
}

function attachmentRow(tenantId: string, caseId: string, input: NewAttachment) {
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) {
    throw new AppError('validation_failed', { field: 'sha256', detail: 'Die Prüfsumme der Datei muss ein SHA-256-Wert (64 Hexadezimalzeichen) sein.' });
  }
  return {
    id: uuidv7(),
    tenant_id: tenantId,
    case_id: caseId,
    file_name: input.fileName,
    mime_type: input.mimeType,
    size_bytes: input.sizeBytes,
    sha256: input.sha256,
    kind: input.kind ?? 'attachment',
  };
}

function attachmentEvent(caseId: string, a: ReturnType<typeof attachmentRow>, actor: Actor): NewEvent {
  return {
    caseId,
    type: 'case.attachment_added',
    actor,
    data: { attachmentId: a.id, fileName: a.file_name, mimeType: a.mime_type, sizeBytes: a.size_bytes, kind: a.kind },
  };
}

/** Records an already stored blob as attachment of a case, with a history event. */
export async function addAttachment(trx: Trx, tenantId: string, caseId: string, input: NewAttachment, actor: Actor): Promise<{ id: string }> {
  const found = await trx.selectFrom('cases').select('id').where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
  if (!found) throw new AppError('not_found', { detail: `Der Vorgang „${caseId}“ wurde nicht gefunden.` });
  const row = attachmentRow(tenantId, caseId, input);
  await trx.insertInto('attachments').values(row).execute();
  await appendEvent(trx, tenantId, attachmentEvent(caseId, row, actor));
  return { id: row.id };
}
