import type { Trx } from '../../db/database.js';
import type { Applicant, FormItem } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { retentionOfCase } from '../../records/repository.js';

export interface CaseRecord {
  id: string; case_number: string; title: string; status: string; channel: string; transaction_id: string | null;
  received_at: Date; updated_at: Date; closed_at: Date | null; applicant: Applicant; form_data: FormItem[];
  service_name: string; leika_key: string; org_unit_name: string; org_unit_code: string;
}
export interface AttachmentRecord { id: string; file_name: string; mime_type: string; size_bytes: number; sha256: string; kind: string; created_at: Date; scan_status: string }
export interface MessageRecord {
  id: string; direction: string; kind: string; subject: string; body: string; channel: string; created_at: Date; sent_at: Date | null;
  created_by_name: string; letter_attachment_id: string | null; attachment_ids: string[];
}
export interface DecisionRecord { id: string; kind: string; attachment_id: string; released_by_name: string | null; released_at: Date | null; sent_at: Date | null }
export interface EventRecord { seq: string | number; type: string; actor_name: string; data: Record<string, unknown> | null; occurred_at: Date }
export interface RetentionRecord { appraisal: string; period_months: number; due_at: Date | null }

/** Everything of one case that goes into a message. */
export interface CaseBundle {
  kase: CaseRecord;
  attachments: AttachmentRecord[];
  messages: MessageRecord[];
  decisions: DecisionRecord[];
  events: EventRecord[];
  retention: RetentionRecord | null;
}

/**
 * The cases of one message, all or none, in the order asked: an id of another tenant or one that
 * does not exist answers 404 like everywhere else (the tenant filter is explicit and RLS holds too).
 */
export async function loadCases(trx: Trx, tenantId: string, caseIds: string[]): Promise<CaseRecord[]> {
  if (caseIds.length === 0) throw new AppError('validation_failed', { field: 'caseIds', detail: 'Es ist kein Vorgang ausgewählt.' });
  const rows = (await trx
    .selectFrom('cases as c')
    .innerJoin('services as s', (j) => j.onRef('s.id', '=', 'c.service_id').onRef('s.tenant_id', '=', 'c.tenant_id'))
    .innerJoin('org_units as o', (j) => j.onRef('o.id', '=', 'c.org_unit_id').onRef('o.tenant_id', '=', 'c.tenant_id'))
    .select(['c.id', 'c.case_number', 'c.title', 'c.status', 'c.channel', 'c.transaction_id', 'c.received_at', 'c.updated_at', 'c.closed_at',
      'c.applicant', 'c.form_data', 's.name as service_name', 's.leika_key', 'o.name as org_unit_name', 'o.short_code as org_unit_code'])
    .where('c.tenant_id', '=', tenantId)
    .where('c.id', 'in', caseIds)
    .execute()) as unknown as CaseRecord[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = [...new Set(caseIds)].filter((id) => !byId.has(id));
  if (missing.length) throw new AppError('not_found', { field: 'caseIds', detail: `Der Vorgang „${missing[0]}“ wurde nicht gefunden.` });
  return [...new Set(caseIds)].map((id) => byId.get(id)!);
}

export async function loadBundle(trx: Trx, tenantId: string, kase: CaseRecord): Promise<CaseBundle> {
  const attachments = (await trx.selectFrom('attachments')
    .select(['id', 'file_name', 'mime_type', 'size_bytes', 'sha256', 'kind', 'created_at', 'scan_status'])
    .where('tenant_id', '=', tenantId).where('case_id', '=', kase.id)
    .orderBy('created_at').orderBy('id').execute()) as AttachmentRecord[];
  const messages = await trx.selectFrom('messages')
    .select(['id', 'direction', 'kind', 'subject', 'body', 'channel', 'created_at', 'sent_at', 'created_by_name', 'letter_attachment_id'])
    .where('tenant_id', '=', tenantId).where('case_id', '=', kase.id)
    .orderBy('created_at').orderBy('id').execute();
  const links = messages.length
    ? await trx.selectFrom('message_attachments').select(['message_id', 'attachment_id'])
      .where('tenant_id', '=', tenantId).where('message_id', 'in', messages.map((m) => m.id)).orderBy('position').execute()
    : [];
  const decisions = (await trx.selectFrom('decisions')
    .select(['id', 'kind', 'attachment_id', 'released_by_name', 'released_at', 'sent_at'])
    .where('tenant_id', '=', tenantId).where('case_id', '=', kase.id).where('attachment_id', 'is not', null)
    .orderBy('created_at').execute()) as DecisionRecord[];
  const events = (await trx.selectFrom('case_events')
    .select(['seq', 'type', 'actor_name', 'data', 'occurred_at'])
    .where('tenant_id', '=', tenantId).where('case_id', '=', kase.id)
    .orderBy('seq').execute()) as EventRecord[];
  const retention = await retentionOfCase(trx, kase.id);
  return {
    kase,
    attachments: attachments.map((a) => ({ ...a, size_bytes: Number(a.size_bytes) })),
    messages: messages.map((m) => ({ ...m, attachment_ids: links.filter((l) => l.message_id === m.id).map((l) => l.attachment_id) })),
    decisions,
    events,
    retention: retention ? { appraisal: retention.appraisal, period_months: Number(retention.period_months), due_at: retention.due_at ? new Date(retention.due_at) : null } : null,
  };
}
