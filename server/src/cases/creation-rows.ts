import { sql } from 'kysely';
import type { ScanStatus } from '../scanning/scanner.js';
import { CACHED_PLAN, DEFERRED, type Trx } from '../db/database.js';
import type { Applicant, FormItem } from '../db/schema.js';
import type { Actor } from '../auth/principal.js';
import { chainEvents, type ChainHead, type NewEvent } from '../events/chain.js';
import { advanceChainHead, eventRows, insertEvents } from '../events/rows.js';
import { insertOutbox, outboxRecord, type OutboxRecord } from '../outbox/enqueue.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { formatCaseNumber } from './numbering.js';
import { dueDayOf } from '../deadlines/due.js';
import type { HolidayState } from '../deadlines/calendar.js';

export type CasePriority = 'low' | 'normal' | 'high';

export interface NewCaseInput {
  serviceId: string;
  /** The org unit asked for; absent: the service's (placeCase). */
  orgUnitId?: string;
  title?: string;
  applicant: Applicant;
  formData: FormItem[];
  channel: string;
  transactionId?: string;
  receivedAt?: Date;
  priority?: CasePriority;
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

/** What a caller adds to a new case in the same transaction. */
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

/** The services and org units a batch's cases may be placed in (read in the caller's transaction). */
/** Where new cases of a service go (migration 0048, server/src/clients): absent means the desk. */
export interface ServiceRouting {
  new_cases_to?: string;
  new_cases_client_id?: string | null;
  client_name?: string | null;
}

export interface Catalogue {
  services: Map<string, { id: string; name: string; org_unit_id: string | null; deadline_working_days?: number | null } & ServiceRouting>;
  orgUnits: Map<string, { id: string; short_code: string }>;
  /** Whose public holidays count for the cases' deadlines (migration 0050); null: nationwide ones. */
  holidayState: HolidayState | null;
}

export interface Placement {
  service: { id: string; name: string; deadline_working_days?: number | null };
  orgUnit: { id: string; short_code: string };
  /** Handed over to a Fachverfahren at intake: exclusively ('fachverfahren') or shared with the desk ('both'). */
  handler: { id: string; name: string; exclusive: boolean } | null;
}

/**
 * Which org unit a new case gets: the one asked for (intake routing: a routing identifier or the
 * sender's org unit), else the service's. And whether it goes to a Fachverfahren as well (the
 * service's routing, chosen by the tenant admin). Decided here only, for every way a case is created.
 */
export function placeCase(catalogue: Catalogue, input: Pick<NewCaseInput, 'serviceId' | 'orgUnitId'>): Placement | { error: AppError } {
  const service = catalogue.services.get(input.serviceId);
  if (!service) return refuse('serviceId', `Die Leistung „${input.serviceId}“ ist in dieser Kommune unbekannt.`);
  const orgUnitId = input.orgUnitId ?? service.org_unit_id;
  if (!orgUnitId) return refuse('orgUnitId', `Für die Leistung „${service.name}“ ist keine Organisationseinheit zuständig.`);
  const orgUnit = catalogue.orgUnits.get(orgUnitId);
  if (!orgUnit) return refuse('orgUnitId', `Die Organisationseinheit „${orgUnitId}“ ist in dieser Kommune unbekannt.`);
  // Every case keeps an org unit, so the desk can always see it and take it back.
  const handler = service.new_cases_to && service.new_cases_to !== 'desk' && service.new_cases_client_id && service.client_name
    ? { id: service.new_cases_client_id, name: service.client_name, exclusive: service.new_cases_to === 'fachverfahren' }
    : null;
  return { service, orgUnit, handler };
}

export const refuse = (field: string, detail: string, code: 'unprocessable' | 'validation_failed' = 'unprocessable') => ({ error: new AppError(code, { field, detail }) });

/** "Nachname, Vorname" for people, the name for organisations: the case's name search key. */
export function applicantNameOf(applicant: Applicant): string {
  if (applicant.kind === 'organisation' && applicant.organisationName?.trim()) return applicant.organisationName.trim();
  const parts = [applicant.lastName?.trim(), applicant.firstName?.trim()].filter(Boolean);
  return parts.join(', ') || applicant.organisationName?.trim() || 'Unbekannt';
}

/** A case to write: placed, numbered, received at. */
export interface NumberedCase extends CaseToCreate {
  placement: Placement;
  year: number;
  seq: number;
  receivedAt: Date;
}

/**
 * Writes numbered cases with their attachments, history (case.created, attachment events, the
 * caller's events), outbox notices and the new chain head in one statement. `commitNext`: the caller's
 * transaction ends right after, so the write travels with the COMMIT (DEFERRED, decision 0009) and a
 * failure of it fails the COMMIT.
 */
export async function writeCases(trx: Trx, tenantId: string, pattern: string, head: ChainHead, numbered: NumberedCase[], commitNext: boolean, holidayState: HolidayState | null): Promise<Array<{ id: string; caseNumber: string }>> {
  const cases: CaseRecord[] = [];
  const attachments: AttachmentRow[] = [];
  const notices: OutboxRecord[] = [];
  const events: NewEvent[] = [];
  const written = numbered.map(({ input, actor, extras, placement, year, seq, receivedAt }) => {
    const id = uuidv7(receivedAt.getTime());
    const caseNumber = formatCaseNumber(pattern, { unit: placement.orgUnit.short_code, year, seq });
    const own = (extras?.attachments ?? []).map((a) => attachmentRow(tenantId, id, a));
    cases.push({
      id,
      case_number: caseNumber,
      service_id: placement.service.id,
      org_unit_id: placement.orgUnit.id,
      priority: input.priority ?? 'normal',
      title: input.title?.trim() || placement.service.name,
      applicant: input.applicant,
      applicant_name: applicantNameOf(input.applicant),
      form_data: input.formData,
      channel: input.channel,
      transaction_id: input.transactionId ?? null,
      received_at: receivedAt,
      handler_client_id: placement.handler?.id ?? null,
      handler_exclusive: placement.handler?.exclusive ?? false,
      due_on: dueDayOf(receivedAt, placement.service.deadline_working_days ?? null, holidayState),
    });
    attachments.push(...own);
    notices.push(outboxRecord(tenantId, 'domain_event', { eventType: 'case.created', body: { caseId: id, caseNumber } }, `case.created:${id}`));
    const occurredAt = extras?.occurredAt;
    events.push(
      { caseId: id, type: 'case.created', actor, occurredAt, data: { caseNumber, channel: input.channel, status: { from: null, to: 'new' }, orgUnit: { from: null, to: placement.orgUnit.id } } },
      ...own.map((a) => ({ ...attachmentEvent(id, a, actor), occurredAt })),
      ...(placement.handler ? [handedOverAtIntake(id, placement.handler, occurredAt)] : []),
      ...(extras?.events?.({ id, caseNumber }) ?? []),
    );
    return { id, caseNumber };
  });
  const chain = chainEvents(tenantId, head, events);
  // One statement for the whole batch. Each table's rows travel as one JSON array, so the text never
  // changes and PostgreSQL plans it once per connection (CACHED_PLAN), however many cases the batch has.
  await sql`${sql.raw(commitNext ? DEFERRED + CACHED_PLAN : CACHED_PLAN)}
    with new_cases as (
      insert into cases (id, tenant_id, case_number, service_id, org_unit_id, status, priority, version, title, applicant, applicant_name,
                         form_data, channel, transaction_id, received_at, updated_at, handler_client_id, handler_exclusive, due_on)
      select (r->>'id')::uuid, ${tenantId}, r->>'case_number', (r->>'service_id')::uuid, (r->>'org_unit_id')::uuid, 'new', r->>'priority', 1,
             r->>'title', r->'applicant', r->>'applicant_name', r->'form_data', r->>'channel', r->>'transaction_id',
             (r->>'received_at')::timestamptz, (r->>'received_at')::timestamptz, (r->>'handler_client_id')::uuid, (r->>'handler_exclusive')::boolean, (r->>'due_on')::date
      from jsonb_array_elements(${JSON.stringify(cases)}::jsonb) r),
    new_attachments as (
      insert into attachments (id, tenant_id, case_id, file_name, mime_type, declared_mime_type, size_bytes, sha256, kind, scan_status)
      select (r->>'id')::uuid, ${tenantId}, (r->>'case_id')::uuid, r->>'file_name', r->>'mime_type', r->>'declared_mime_type', (r->>'size_bytes')::bigint, r->>'sha256', r->>'kind', r->>'scan_status'
      from jsonb_array_elements(${JSON.stringify(attachments)}::jsonb) r),
    appended as (${insertEvents(tenantId, eventRows(chain.chained))}),
    notices as (${insertOutbox(tenantId, notices)})
    ${advanceChainHead(tenantId, chain.head)}`.execute(trx);
  return written;
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
  handler_client_id: string | null;
  handler_exclusive: boolean;
  /** The deadline's due day (server/src/deadlines), null when the service has none. */
  due_on: string | null;
}

/** The history of a case the service's routing hands to a Fachverfahren (the system decided it, not a person). */
function handedOverAtIntake(caseId: string, handler: NonNullable<Placement['handler']>, occurredAt: Date | undefined): NewEvent {
  return {
    caseId, type: 'case.handed_over', occurredAt,
    actor: { kind: 'system', id: null, name: 'System' },
    data: { handler: { from: null, to: { id: handler.id, name: handler.name } }, exclusive: { from: false, to: handler.exclusive } },
  };
}

type AttachmentRow = ReturnType<typeof attachmentRow>;

const SHA256 = /^[0-9a-f]{64}$/;
export const hasBadHash = (extras: CaseExtras | undefined) => (extras?.attachments ?? []).some((a) => !SHA256.test(a.sha256));
export const badHash = () => refuse('sha256', 'Die Prüfsumme der Datei muss ein SHA-256-Wert (64 Hexadezimalzeichen) sein.', 'validation_failed');

export function attachmentRow(tenantId: string, caseId: string, input: NewAttachment) {
  if (!SHA256.test(input.sha256)) throw badHash().error;
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

export function attachmentEvent(caseId: string, a: AttachmentRow, actor: Actor): NewEvent {
  return {
    caseId,
    type: 'case.attachment_added',
    actor,
    data: { attachmentId: a.id, fileName: a.file_name, mimeType: a.mime_type, sizeBytes: a.size_bytes, kind: a.kind },
  };
}
