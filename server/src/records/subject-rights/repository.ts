import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import type { Applicant, FormItem } from '../../db/schema.js';

/** How the data-protection officer identifies the person; every given criterion finds cases (union). */
export interface SubjectQuery { name?: string; email?: string; mailboxId?: string; caseNumbers?: string[] }

export interface SubjectCaseRow {
  id: string; case_number: string; status: string; received_at: Date; service_name: string;
  applicant: Applicant; applicant_name: string; by_name: boolean; by_email: boolean; by_mailbox: boolean; by_number: boolean;
}

/** Whitespace collapsed, lower case: „ Anna  SCHMIDT“ and „anna schmidt“ are the same name. */
export const normalised = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The tenant's cases whose applicant matches. Names and e-mail addresses match whole and exactly
 * (after case and whitespace): „Anna Schmitt“ never finds „Anna Schmidt“, because an access report
 * must contain the person's data and nobody else's. Similar spellings are the desk's search, not this.
 */
export async function findSubjectCases(trx: Trx, query: SubjectQuery, limit: number): Promise<SubjectCaseRow[]> {
  const name = query.name ? normalised(query.name) : null;
  const email = query.email ? normalised(query.email) : null;
  const mailbox = query.mailboxId?.trim() || null;
  const numbers = (query.caseNumbers ?? []).map((n) => n.trim()).filter(Boolean);
  const fullName = sql`lower(regexp_replace(trim(coalesce(c.applicant->>'firstName', '') || ' ' || coalesce(c.applicant->>'lastName', '')), '\\s+', ' ', 'g'))`;
  const byName = name
    ? sql<boolean>`(${fullName} = ${name} OR lower(regexp_replace(trim(c.applicant_name), '\\s+', ' ', 'g')) = ${name}
        OR lower(regexp_replace(trim(coalesce(c.applicant->>'organisationName', '')), '\\s+', ' ', 'g')) = ${name})`
    : sql<boolean>`false`;
  const byEmail = email ? sql<boolean>`(lower(trim(c.applicant->>'email')) = ${email} OR lower(trim(c.applicant->>'replyEmail')) = ${email})` : sql<boolean>`false`;
  const byMailbox = mailbox ? sql<boolean>`(c.applicant->'mailbox'->>'identifier' = ${mailbox})` : sql<boolean>`false`;
  const byNumber = numbers.length ? sql<boolean>`(c.case_number IN (${sql.join(numbers)}))` : sql<boolean>`false`;
  const result = await sql<SubjectCaseRow>`
    SELECT * FROM (
      SELECT c.id, c.case_number, c.status, c.received_at, s.name AS service_name, c.applicant, c.applicant_name,
             ${byName} AS by_name, ${byEmail} AS by_email, ${byMailbox} AS by_mailbox, ${byNumber} AS by_number
      FROM cases c JOIN services s ON s.tenant_id = c.tenant_id AND s.id = c.service_id
    ) m
    WHERE by_name OR by_email OR by_mailbox OR by_number
    ORDER BY received_at DESC, case_number
    LIMIT ${limit}`.execute(trx);
  return result.rows;
}

export interface ReportCaseRow {
  id: string; case_number: string; title: string; status: string; channel: string; received_at: Date; updated_at: Date;
  closed_at: Date | null; service_name: string; org_unit_name: string; applicant: Applicant; form_data: FormItem[];
}

/** The cases of the report, all or none: an id of another tenant (or none) is not among them. */
export async function reportCases(trx: Trx, caseIds: string[]): Promise<ReportCaseRow[]> {
  return (await trx
    .selectFrom('cases as c')
    .innerJoin('services as s', 's.id', 'c.service_id')
    .innerJoin('org_units as o', 'o.id', 'c.org_unit_id')
    .select(['c.id', 'c.case_number', 'c.title', 'c.status', 'c.channel', 'c.received_at', 'c.updated_at', 'c.closed_at', 's.name as service_name', 'o.name as org_unit_name', 'c.applicant', 'c.form_data'])
    .where('c.id', 'in', caseIds)
    .orderBy('c.received_at')
    .execute()) as unknown as ReportCaseRow[];
}

export async function reportMessages(trx: Trx, caseId: string) {
  const messages = await trx
    .selectFrom('messages')
    .select(['id', 'direction', 'kind', 'subject', 'body', 'channel', 'delivery_status', 'created_at', 'sent_at', 'delivered_at', 'read_at', 'posted_on'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
  const files = messages.length
    ? await trx.selectFrom('message_attachments').select(['message_id', 'attachment_id']).where('message_id', 'in', messages.map((m) => m.id)).orderBy('position').execute()
    : [];
  return messages.map((m) => ({ ...m, attachment_ids: files.filter((f) => f.message_id === m.id).map((f) => f.attachment_id) }));
}

export async function reportDecisions(trx: Trx, caseId: string) {
  return trx
    .selectFrom('decisions')
    .select(['id', 'kind', 'status', 'text', 'attachment_id', 'released_at', 'sent_at', 'created_at'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}

export async function reportAttachments(trx: Trx, caseId: string) {
  return trx
    .selectFrom('attachments')
    .select(['id', 'file_name', 'mime_type', 'size_bytes', 'sha256', 'kind', 'created_at', 'scan_status'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}

export interface DeliveryRow { kind: string; status: string; created_at: Date; delivered_at: Date | null; webhook_url: string | null; event_type: string | null }

/**
 * What left the platform about the case through the outbox: webhook deliveries (to the URL of the
 * subscription) and the status messages to the applicant's Postfach. Mailbox messages are listed
 * with the messages themselves.
 */
export async function reportDeliveries(trx: Trx, caseId: string): Promise<DeliveryRow[]> {
  const result = await sql<DeliveryRow>`
    SELECT o.kind, o.status, o.created_at, o.delivered_at, w.url AS webhook_url, o.payload->>'eventType' AS event_type
    FROM outbox o
    LEFT JOIN webhooks w ON o.kind = 'webhook' AND w.tenant_id = o.tenant_id AND w.id::text = o.payload->>'webhookId'
    WHERE (o.kind = 'webhook' AND o.payload->'body'->>'caseId' = ${caseId})
       OR (o.kind = 'postfach_status' AND o.payload->>'caseId' = ${caseId})
    ORDER BY o.created_at`.execute(trx);
  return result.rows;
}

/** Exports and prints of the case recorded in the access log (hand-overs outside the desk). */
export async function reportExports(trx: Trx, caseId: string) {
  return trx
    .selectFrom('access_log')
    .select(['at', 'action', 'actor_name'])
    .where('case_id', '=', caseId)
    .where('action', 'in', ['exported', 'printed'])
    .orderBy('at')
    .execute();
}
