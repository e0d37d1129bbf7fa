import { sql } from 'kysely';
import type { ScanStatus } from '../scanning/scanner.js';
import { CACHED_PLAN, DEFERRED, type Trx } from '../db/database.js';
import type { Applicant, FormItem } from '../db/schema.js';
import type { Actor } from '../auth/principal.js';
import { chainEvents, lockChainHead, type ChainHead, type NewEvent } from '../events/chain.js';
import { outboxRecord, type OutboxRecord } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import { isUuid, uuidv7 } from '../shared/ids.js';
import { drawNumbers, drawSequences, formatCaseNumber, germanYear, giveBackNumbers } from './numbering.js';

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
  /** Sniffed from the content. */
  mimeType: string;
  /** What the sender claimed, if anything (kept for the record; never trusted). */
  declaredMimeType?: string | null;
  sizeBytes: number;
  sha256: string;
  kind?: string;
  /** Malware scan of an upload (server/src/scanning); files we produce ourselves stay not_scanned. */
  scanStatus?: ScanStatus;
}

/** What an intake adds to a new case in the same transaction. */
export interface CaseExtras {
  attachments?: NewAttachment[];
  /** Events after case.created and the attachment events, once id and number are known. */
  events?: (created: { id: string; caseNumber: string }) => NewEvent[];
  /**
   * When the history records the creation (case.created and attachment events); default: now. The
   * demo back-dates its applications so that the history starts at the received date.
   */
  occurredAt?: Date;
}

export interface CaseToCreate {
  input: NewCaseInput;
  actor: Actor;
  extras?: CaseExtras;
}

export interface CreationOptions {
  /**
   * false: skip the advisory locks. A concurrent creation of the same submission in another
   * transaction then fails this one with a unique violation (23505), which the caller must answer
   * by retrying (the retry finds the case). For callers that already do, such as the intake
   * batcher, it saves a round trip per transaction.
   */
  lockSubmissions?: boolean;
  /** Already read by the caller in its own statement (see creationContext); saves the read. */
  context?: CreationContext;
  /** Numbers already drawn and chain head already locked by the caller; what is not used is given back. */
  drawn?: PreDrawn;
  /**
   * The caller commits right after createCases returns and reads no error of the write until then: the
   * write travels with the COMMIT (DEFERRED), one round trip less. A failed write fails the COMMIT.
   */
  writeWithCommit?: boolean;
}

/** `count` numbers of `year` drawn (the last one is `lastSeq`) and the chain head locked (null: none yet). */
export interface PreDrawn {
  year: number;
  count: number;
  lastSeq: number;
  head: ChainHead | null;
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
 * Four statements however many cases: the advisory locks; one read of everything needed
 * (readCreationContext); numbers and chain head taken together; one write of cases,
 * attachments, events, outbox notices and the new head. The tenant's other new cases wait only
 * for the last two round trips and the commit. The intake batcher passes `context` and `drawn`
 * from its own single read (intake/context.ts), leaving one write.
 */
export async function createCases(trx: Trx, tenantId: string, items: CaseToCreate[], options: CreationOptions = {}): Promise<CreationResult[]> {
  const results: Array<CreationResult | undefined> = new Array(items.length);
  const firstOfKey = new Map<string, number>();
  const keys = [...new Set(items.filter((i) => i.input.transactionId).map((i) => submissionKey(tenantId, i.input)))].sort();
  if (keys.length && options.lockSubmissions !== false) await sql`select pg_advisory_xact_lock(hashtext(k)) from (select unnest(${sql.val(keys)}::text[]) as k order by 1) as keys`.execute(trx);
  const { pattern, services, orgUnits, existing } = options.context ?? (await readCreationContext(trx, tenantId, items));
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

  const pre = options.drawn;
  const fits = pre && pending.length > 0 && pending.length <= pre.count && pending.every((p) => p.year === pre.year) ? pre : undefined;
  // What the caller drew and this batch does not use goes back (all of it for a batch across New Year's Eve).
  if (pre) await giveBackNumbers(trx, tenantId, pre.year, fits ? pre.count - pending.length : pre.count);
  if (pending.length > 0) {
    // From here on (or since the caller's statement) the tenant's counter row and chain head are locked until commit.
    const { seqs, head } = fits
      ? { seqs: pending.map((_, n) => fits.lastSeq - fits.count + 1 + n), head: fits.head ?? (await lockChainHead(trx, tenantId)) }
      : await drawNumbersAndLockHead(trx, tenantId, pending.map((p) => p.year));
    const cases: CaseRecord[] = [];
    const attachments: Array<ReturnType<typeof attachmentRow>> = [];
    const notices: OutboxRecord[] = [];
    const events: NewEvent[] = [];
    pending.forEach((p, n) => {
      const { input, actor, extras } = items[p.index]!;
      const id = uuidv7(p.receivedAt.getTime());
      const caseNumber = formatCaseNumber(pattern, { unit: p.orgUnit.short_code, year: p.year, seq: seqs[n]! });
      const own = (extras?.attachments ?? []).map((a) => attachmentRow(tenantId, id, a));
      cases.push({
        id,
        case_number: caseNumber,
        service_id: p.service.id,
        org_unit_id: p.orgUnit.id,
        priority: input.priority ?? 'normal',
        title: input.title?.trim() || p.service.name,
        applicant: input.applicant,
        applicant_name: applicantNameOf(input.applicant),
        form_data: input.formData,
        channel: input.channel,
        transaction_id: input.transactionId ?? null,
        received_at: p.receivedAt,
      });
      attachments.push(...own);
      notices.push(outboxRecord(tenantId, 'domain_event', { eventType: 'case.created', body: { caseId: id, caseNumber } }, `case.created:${id}`));
      const occurredAt = extras?.occurredAt;
      events.push(
        { caseId: id, type: 'case.created', actor, occurredAt, data: { caseNumber, channel: input.channel, status: { from: null, to: 'new' }, orgUnit: { from: null, to: p.orgUnit.id } } },
        ...own.map((a) => ({ ...attachmentEvent(id, a, actor), occurredAt })),
        ...(extras?.events?.({ id, caseNumber }) ?? []),
      );
      results[p.index] = { id, caseNumber, status: 'new', created: true };
    });
    await writeCases(trx, tenantId, { cases, attachments, notices, chain: chainEvents(tenantId, head, events) }, options.writeWithCommit === true);
  }
  // Repeats of a submission inside this batch answer with the case its first occurrence got.
  return items.map((item, index) => {
    const own = results[index];
    if (own) return own;
    const first = results[firstOfKey.get(submissionKey(tenantId, item.input))!]!;
    return 'error' in first ? first : { ...first, created: false };
  });
}

/** A new case as written (status 'new', version 1, updated when received). */
interface CaseRecord {
  id: string;
  case_number: string;
  service_id: string;
  org_unit_id: string;
  priority: CasePriority;
  title: string;
  applicant: Applicant;
  applicant_name: string;
  form_data: FormItem[];
  channel: string;
  transaction_id: string | null;
  received_at: Date;
}

/**
 * One statement for the whole batch: cases, attachments and events (checked against their case at
 * its end), outbox notices and the new chain head. Each table's rows travel as one JSON array, so the
 * text never changes and PostgreSQL plans it once per connection (CACHED_PLAN), however many cases
 * the batch has; and each is parsed once, as jsonb, on the way in (arrays of text would be escaped
 * element by element here and unescaped there).
 */
async function writeCases(trx: Trx, tenantId: string, batch: { cases: CaseRecord[]; attachments: Array<ReturnType<typeof attachmentRow>>; notices: OutboxRecord[]; chain: ReturnType<typeof chainEvents> }, deferred: boolean) {
  const events = batch.chain.chained.map((e) => ({
    seq: e.seq, id: e.id, case_id: e.caseId, type: e.type, actor_kind: e.actorKind, actor_id: e.actorId,
    actor_name: e.actorName, data: e.data, occurred_at: e.occurredAt, prev_hash: e.prevHash, hash: e.hash,
    format: e.format, data_salt: e.dataSalt, data_hash: e.dataHash,
  }));
  await sql`${sql.raw(deferred ? DEFERRED + CACHED_PLAN : CACHED_PLAN)}
    with new_cases as (
      insert into cases (id, tenant_id, case_number, service_id, org_unit_id, status, priority, version, title, applicant, applicant_name,
                         form_data, channel, transaction_id, received_at, updated_at)
      select (r->>'id')::uuid, ${tenantId}, r->>'case_number', (r->>'service_id')::uuid, (r->>'org_unit_id')::uuid, 'new', r->>'priority', 1,
             r->>'title', r->'applicant', r->>'applicant_name', r->'form_data', r->>'channel', r->>'transaction_id',
             (r->>'received_at')::timestamptz, (r->>'received_at')::timestamptz
      from jsonb_array_elements(${JSON.stringify(batch.cases)}::jsonb) r),
    new_attachments as (
      insert into attachments (id, tenant_id, case_id, file_name, mime_type, declared_mime_type, size_bytes, sha256, kind, scan_status)
      select (r->>'id')::uuid, ${tenantId}, (r->>'case_id')::uuid, r->>'file_name', r->>'mime_type', r->>'declared_mime_type', (r->>'size_bytes')::bigint, r->>'sha256', r->>'kind', r->>'scan_status'
      from jsonb_array_elements(${JSON.stringify(batch.attachments)}::jsonb) r),
    appended as (
      insert into case_events (tenant_id, seq, id, case_id, type, actor_kind, actor_id, actor_name, data, occurred_at, prev_hash, hash,
                               format, data_salt, data_hash)
      select ${tenantId}, (r->>'seq')::bigint, (r->>'id')::uuid, (r->>'case_id')::uuid, r->>'type', r->>'actor_kind', (r->>'actor_id')::uuid,
             r->>'actor_name', r->'data', (r->>'occurred_at')::timestamptz, r->>'prev_hash', r->>'hash',
             (r->>'format')::smallint, r->>'data_salt', r->>'data_hash'
      from jsonb_array_elements(${JSON.stringify(events)}::jsonb) r),
    notices as (
      insert into outbox (id, tenant_id, kind, idempotency_key, payload)
      select (r->>'id')::uuid, ${tenantId}, r->>'kind', r->>'idempotency_key', r->'payload'
      from jsonb_array_elements(${JSON.stringify(batch.notices)}::jsonb) r)
    update event_chain_heads set last_seq = ${batch.chain.head.last_seq}, last_hash = ${batch.chain.head.last_hash}
    where tenant_id = ${tenantId}`.execute(trx);
}

const refuse = (field: string, detail: string, code: 'unprocessable' | 'validation_failed' = 'unprocessable') => ({ error: new AppError(code, { field, detail }) });

export interface CreationContext {
  pattern: string;
  services: Map<string, { id: string; name: string; org_unit_id: string | null }>;
  orgUnits: Map<string, { id: string; short_code: string }>;
  existing: Map<string, CreatedCase>;
}

export interface CreationRows {
  pattern: string;
  services: Array<{ id: string; name: string; org_unit_id: string | null }>;
  org_units: Array<{ id: string; short_code: string }>;
  existing: Array<{ id: string; case_number: string; status: string; channel: string; transaction_id: string }>;
}

/**
 * What createCases needs to know, from rows a caller read itself: the tenant's number pattern,
 * the services and org units of the cases, and the cases already stored for their
 * (channel, transactionId) — read after any lock that serialises retries.
 */
export function creationContext(tenantId: string, rows: CreationRows): CreationContext {
  return {
    pattern: rows.pattern,
    services: new Map(rows.services.map((r) => [r.id, r])),
    orgUnits: new Map(rows.org_units.map((r) => [r.id, r])),
    existing: new Map(rows.existing.map((r) => [`${tenantId}${r.channel}${r.transaction_id}`, { id: r.id, caseNumber: r.case_number, status: r.status, created: false }])),
  };
}

/** Everything createCases reads, in one statement: number pattern, services, org units, existing cases. */
async function readCreationContext(trx: Trx, tenantId: string, items: CaseToCreate[]): Promise<CreationContext> {
  const serviceIds = [...new Set(items.map((i) => i.input.serviceId).filter(isUuid))];
  const unitIds = [...new Set(items.map((i) => i.input.orgUnitId).filter((id): id is string => !!id && isUuid(id)))];
  const keyed = items.filter((i) => i.input.transactionId);
  const { rows } = await sql<CreationRows>`
    select
      (select case_number_pattern from tenants where id = ${tenantId}) as pattern,
      coalesce((select json_agg(json_build_object('id', s.id, 'name', s.name, 'org_unit_id', s.org_unit_id))
                from services s where s.tenant_id = ${tenantId} and s.id = any(${sql.val(serviceIds)}::uuid[])), '[]') as services,
      coalesce((select json_agg(json_build_object('id', o.id, 'short_code', o.short_code))
                from org_units o where o.tenant_id = ${tenantId}
                 and (o.id = any(${sql.val(unitIds)}::uuid[])
                      or o.id in (select org_unit_id from services where tenant_id = ${tenantId} and id = any(${sql.val(serviceIds)}::uuid[])))), '[]') as org_units,
      coalesce((select json_agg(json_build_object('id', c.id, 'case_number', c.case_number, 'status', c.status, 'channel', c.channel, 'transaction_id', c.transaction_id))
                from unnest(${sql.val(keyed.map((i) => i.input.channel))}::text[], ${sql.val(keyed.map((i) => i.input.transactionId!))}::text[]) as k(channel, transaction_id)
                join cases c on c.tenant_id = ${tenantId} and c.channel = k.channel and c.transaction_id = k.transaction_id), '[]') as existing`.execute(trx);
  const row = rows[0]!;
  if (row.pattern === null) throw new AppError('internal', { internal: `tenant ${tenantId} not found while creating cases` });
  return creationContext(tenantId, row);
}

/**
 * Draws the numbers (one per entry of years) and locks the event chain head in one statement:
 * the two rows that serialise a tenant's new cases, taken together right before the write.
 */
async function drawNumbersAndLockHead(trx: Trx, tenantId: string, years: number[]): Promise<{ seqs: number[]; head: ChainHead }> {
  const last = Math.max(...years);
  const n = years.filter((y) => y === last).length;
  // Rare: a batch spanning New Year's Eve draws the earlier years first (ascending, as drawSequences does).
  const earlier = years.some((y) => y !== last) ? await drawSequences(trx, tenantId, years.filter((y) => y !== last)) : [];
  const { rows } = await sql<{ last_seq: number; head_seq: string; head_hash: string }>`${sql.raw(CACHED_PLAN)}
    with drawn as (${drawNumbers(tenantId, last, n)})
    select (select last_seq from drawn) as last_seq, h.last_seq as head_seq, h.last_hash as head_hash
    from event_chain_heads h where h.tenant_id = ${tenantId} for update of h`.execute(trx);
  let lastSeq: number;
  let head: ChainHead;
  if (rows[0]) {
    lastSeq = Number(rows[0].last_seq);
    head = { last_seq: rows[0].head_seq, last_hash: rows[0].head_hash };
  } else {
    // The tenant's first event ever: the number was drawn all the same; the head starts at genesis.
    const counter = await trx.selectFrom('case_number_counters').select('last_seq').where('tenant_id', '=', tenantId).where('year', '=', last).executeTakeFirstOrThrow();
    lastSeq = Number(counter.last_seq);
    head = await lockChainHead(trx, tenantId);
  }
  let next = lastSeq - n + 1;
  let e = 0;
  return { seqs: years.map((y) => (y === last ? next++ : earlier[e++]!)), head };
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
    declared_mime_type: input.declaredMimeType ?? null,
    size_bytes: input.sizeBytes,
    sha256: input.sha256,
    kind: input.kind ?? 'attachment',
    scan_status: input.scanStatus ?? 'not_scanned',
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
