import type { Applicant, FormItem } from '../db/schema.js';
import type { CaseStatus } from './lifecycle.js';
import type { CasePriority } from './creation.js';
import type { CaseDetail } from './queries.js';
import type { CaseSummaryRow } from './repository.js';
import type { ScanStatus } from '../scanning/scanner.js';
import { presentDeadline } from '../deadlines/presenter.js';

const iso = (value: Date | string) => new Date(value).toISOString();

type SummaryFields = Omit<CaseSummaryRow, 'sort_key'>;

export function presentCaseSummary(row: SummaryFields) {
  return {
    id: row.id,
    caseNumber: row.case_number,
    title: row.title,
    status: row.status as CaseStatus,
    priority: row.priority as CasePriority,
    version: row.version,
    service: { id: row.service_id, name: row.service_name, leikaKey: row.leika_key },
    orgUnit: { id: row.org_unit_id, name: row.org_unit_name },
    applicantName: row.applicant_name,
    assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name ?? '' } : null,
    receivedAt: iso(row.received_at),
    updatedAt: iso(row.updated_at),
    hasUnreadReply: row.unread_reply ?? false,
    nextFollowUp: row.next_follow_up ?? null,
    // „an Fachverfahren X übergeben“ (server/src/clients); exclusive: only it changes status and assignee.
    handedOverTo: row.handler_client_id
      ? { id: row.handler_client_id, name: row.handler_client_name ?? '', exclusive: row.handler_exclusive }
      : null,
    deadline: presentDeadline(row),
    inDeputyFor: row.deputy_for ? { id: row.deputy_for.id, displayName: row.deputy_for.name } : null,
  };
}

export function presentCaseDetail(detail: CaseDetail) {
  const { row } = detail;
  return {
    ...presentCaseSummary(row),
    applicant: row.applicant as unknown as Applicant,
    formData: row.form_data as unknown as FormItem[],
    attachments: detail.attachments.map((a) => ({
      id: a.id,
      fileName: a.file_name,
      mimeType: a.mime_type,
      declaredMimeType: a.declared_mime_type,
      sizeBytes: Number(a.size_bytes),
      kind: a.kind,
      createdAt: iso(a.created_at),
      scanStatus: a.scan_status as ScanStatus,
    })),
    allowedActions: detail.allowedActions,
    permissions: detail.permissions,
    readOnlySince: row.read_only_since ? iso(row.read_only_since) : null,
  };
}

export function presentEvent(row: {
  id: string; seq: string | number; type: string; actor_kind: string; actor_name: string; data: unknown; occurred_at: Date | string;
}) {
  return {
    id: row.id,
    seq: Number(row.seq),
    type: row.type,
    actor: { kind: row.actor_kind, name: row.actor_name },
    data: row.data as Record<string, unknown>,
    occurredAt: iso(row.occurred_at),
  };
}
