import { sql, type Insertable } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Applicant, CasesTable, FormItem } from '../db/schema.js';
import type { Actor } from '../auth/principal.js';
import { appendEvents, type NewEvent } from '../events/chain.js';
import { outboxRow } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { drawSequences, formatCaseNumber, germanYear } from './numbering.js';

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

export interface NewAttachment {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  kind?: string;
}

/** What an intake adds to a new case in the same transaction. */
export interface CaseExtras {
  attachments?: NewAttachment[];
  /** Events after case.created and the attachment events, once id and number are known. */
  events?: (created: { id: string; caseNumber: string }) => NewEvent[];
}

export interface CaseToCreate {
  input: NewCaseInput;
  actor: Actor;
  extras?: CaseExtras;
}

/** Per case of a batch: the case, or why this one (and only this one) was refused. */
export type CreationResult = CreatedCase | { error: AppError };

/** "Nachname, Vorname" for people, the name for organisations. */
export function applicantNameOf(applicant: Applicant): string {
  if (applicant.kind === 'organisation' && applicant.organisationName?.trim()) return applicant.organisationName.trim();
  const parts = [applicant.lastName?.trim(), applicant.firstName?.trim()].filter(Boolean);
  return parts.join(', ') || applicant.organisationName?.trim() || 'Unbekannt';
}

/**
 * Creates one case with its number, its 'case.created' event and the outbox notice in the
 * caller's transaction; idempotent on (tenant, channel, transactionId). See createCases.
 */
export async function createCase(trx: Trx, tenantId: string, input: NewCaseInput, actor: Actor, extras: CaseExtras = {}): Promise<CreatedCase> {
  const [result] = await createCases(trx, tenantId, [{ input, actor, extras }]);
  if ('error' in result!) throw result.error;
  return result!;
}

const submissionKey = (tenantId: string, input: NewCaseInput) => `${tenantId}${input.channel}${input.transactionId}`;

/**
 * Creates several cases in the caller's transaction, in order. The statements are per batch, not
 * per case, so a busy intake (server/src/intake/batcher.ts) pays the tenant's two serialising
 * rows — the gap-free number counter and the event chain head — once for many applications.
 *
 * Idempotent on (tenant, channel, transactionId): a submission already stored, or repeated
 * inside the batch, gets the existing case back (created=false) and consumes no number. Advisory
 * locks (taken in sorted order) serialise concurrent retries before either looks for the other.
 * A case that cannot be created (unknown service or org unit) gets its error; the others proceed.
 *
 * All reads happen before the numbers are drawn; then cases, attachments and outbox notices are
 * written in one statement and all events appended with one head lock, so the tenant's other
 * intake waits for four round trips and the commit.
 */
export async function createCases(trx: Trx, tenantId: string, items: CaseToCreate[]): Promise<CreationResult[]> {
  const results: Array<CreationResult | undefined> = new Array(items.length);
  const firstOfKey = new Map<string, number>();
  const keyed = items.filter((i) => i.input.transactionId).map((i) => submissionKey(tenantId, i.input));
  const existing = keyed.length ? await findExisting(trx, tenantId, items, [...new Set(keyed)].sort()) : new Map<string, CreatedCase>();

  const services = await readServices(trx, tenantId, items);
  const orgUnits = await readOrgUnits(trx, tenantId, items, services);
  const pending: Array<{ index: number; orgUnit: { id: string; short_code: string }; service: { id: string; name: string }; year: number; receivedAt: Date }> = [];
  items.forEach((item, index) => {
    const { input } = item;
    const key = input.transactionId ? submissionKey(tenantId, input) : null;
    if (key && existing.has(key)) return void (results[index] = existing.get(key));
    if (key && firstOfKey.has(key)) return; // filled in once the first of its key is created
    const service = services.get(input.serviceId);
    if (!service) return void (results[index] = refuse('serviceId', `Die Leistung „${input.serviceId}“ ist in dieser Kommune unbekannt.`));
    const orgUnitId = input.orgUnitId ?? service.org_unit_id;
    if (!orgUnitId) return void (results[index] = refuse('orgUnitId', `Für die Leistung „${service.name}“ ist keine Organisationseinheit zuständig.`));
    const orgUnit = orgUnits.get(orgUnitId);
    if (!orgUnit) return void (results[index] = refuse('orgUnitId', `Die Organisationseinheit „${orgUnitId}“ ist in dieser Kommune unbekannt.`));
    const badHash = (item.extras?.attachments ?? []).find((a) => !/^[0-9a-f]{64}$/.test(a.sha256));
    if (badHash) return void (results[index] = refuse('sha256', 'Die Prüfsumme der Datei muss ein SHA-256-Wert (64 Hexadezimalzeichen) sein.', 'validation_failed'));
    if (key) firstOfKey.set(key, index);
    const receivedAt = input.receivedAt ?? new Date();
    pending.push({ index, orgUnit, service, year: germanYear(receivedAt), receivedAt });
  });

  if (pending.length > 0) {
    const { case_number_pattern: pattern } = await trx.selectFrom('tenants').select('case_number_pattern').where('id', '=', tenantId).executeTakeFirstOrThrow();
    // From here on the tenant's counter row is locked until commit.
    const seqs = await drawSequences(trx, tenantId, pending.map((p) => p.year));
    const cases: Array<Insertable<CasesTable>> = [];
    const attachments: Array<ReturnType<typeof attachmentRow>> = [];
    const notices: Array<ReturnType<typeof outboxRow>> = [];
    const events: NewEvent[] = [];
    pending.forEach((p, n) => {
      const { input, actor, extras } = items[p.index]!;
      const id = uuidv7(p.receivedAt.getTime());
      const caseNumber = formatCaseNumber(pattern, { unit: p.orgUnit.short_code, year: p.year, seq: seqs[n]! });
      const own = (extras?.attachments ?? []).map((a) => attachmentRow(tenantId, id, a));
      cases.push({
        id,
        tenant_id: tenantId,
        case_number: caseNumber,
        service_id: p.service.id,
        org_unit_id: p.orgUnit.id,
        status: 'new',
        status_before_forward: null,
        assignee_id: null,
        priority: input.priority ?? 'normal',
        version: 1,
        title: input.title?.trim() || p.service.name,
        applicant: JSON.stringify(input.applicant),
        applicant_name: applicantNameOf(input.applicant),
        form_data: JSON.stringify(input.formData),
        channel: input.channel,
        transaction_id: input.transactionId ?? null,
        received_at: p.receivedAt,
        updated_at: p.receivedAt,
      });
      attachments.push(...own);
      notices.push(outboxRow(tenantId, 'domain_event', { eventType: 'case.created', body: { caseId: id, caseNumber } }, `case.created:${id}`));
      events.push(
        { caseId: id, type: 'case.created', actor, data: { caseNumber, channel: input.channel, status: { from: null, to: 'new' }, orgUnit: { from: null, to: p.orgUnit.id } } },
        ...own.map((a) => attachmentEvent(id, a, actor)),
        ...(extras?.events?.({ id, caseNumber }) ?? []),
      );
      results[p.index] = { id, caseNumber, status: 'new', created: true };
    });
    // One statement: cases, attachments (checked against their case at its end) and outbox notices.
    const withCases = trx.with('new_cases', (db) => db.insertInto('cases').values(cases));
    await (attachments.length ? withCases.with('new_attachments', (db) => db.insertInto('attachments').values(attachments)) : withCases)
      .insertInto('outbox')
      .values(notices)
      .execute();
    await appendEvents(trx, tenantId, events);
  }
  // Repeats of a submission inside this batch answer with the case its first occurrence got.
  return items.map((item, index) => {
    const own = results[index];
    if (own) return own;
    const first = results[firstOfKey.get(submissionKey(tenantId, item.input))!]!;
    return 'error' in first ? first : { ...first, created: false };
  });
}

const refuse = (field: string, detail: string, code: 'unprocessable' | 'validation_failed' = 'unprocessable') => ({ error: new AppError(code, { field, detail }) });

async function findExisting(trx: Trx, tenantId: string, items: CaseToCreate[], sortedKeys: string[]): Promise<Map<string, CreatedCase>> {
  await sql`select pg_advisory_xact_lock(hashtext(k)) from (select unnest(${sql.val(sortedKeys)}::text[]) as k order by 1) as keys`.execute(trx);
  const pairs = items.filter((i) => i.input.transactionId).map((i) => [i.input.channel, i.input.transactionId!] as const);
  const rows = await trx
    .selectFrom('cases')
    .select(['id', 'case_number', 'status', 'channel', 'transaction_id'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or(pairs.map(([channel, transactionId]) => eb.and([eb('channel', '=', channel), eb('transaction_id', '=', transactionId)]))))
    .execute();
  return new Map(rows.map((r) => [`${tenantId}${r.channel}${r.transaction_id}`, { id: r.id, caseNumber: r.case_number, status: r.status, created: false }]));
}

async function readServices(trx: Trx, tenantId: string, items: CaseToCreate[]) {
  const ids = [...new Set(items.map((i) => i.input.serviceId))];
  const rows = await trx.selectFrom('services').select(['id', 'name', 'org_unit_id']).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

async function readOrgUnits(trx: Trx, tenantId: string, items: CaseToCreate[], services: Map<string, { org_unit_id: string | null }>) {
  const ids = new Set<string>();
  for (const { input } of items) {
    const id = input.orgUnitId ?? services.get(input.serviceId)?.org_unit_id;
    if (id) ids.add(id);
  }
  if (ids.size === 0) return new Map<string, { id: string; short_code: string }>();
  const rows = await trx.selectFrom('org_units').select(['id', 'short_code']).where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export function attachmentRow(tenantId: string, caseId: string, input: NewAttachment) {
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

export function attachmentEvent(caseId: string, a: ReturnType<typeof attachmentRow>, actor: Actor): NewEvent {
  return {
    caseId,
    type: 'case.attachment_added',
    actor,
    data: { attachmentId: a.id, fileName: a.file_name, mimeType: a.mime_type, sizeBytes: a.size_bytes, kind: a.kind },
  };
}
