import type { participationDetail } from './participation.js';

const iso = (value: Date | string) => new Date(value).toISOString();

type Detail = Awaited<ReturnType<typeof participationDetail>>;

/** The participant's view: shared messages and their own, shared documents, the statement request. */
export function presentParticipationDetail(detail: Detail) {
  const { row } = detail;
  return {
    caseId: row.case_id,
    caseNumber: row.case_number,
    service: row.service_name,
    status: row.status,
    role: row.role,
    name: row.name,
    statement: detail.statement,
    messages: detail.messages.map((m) => ({
      id: m.id, own: m.participant_id === row.id, kind: m.kind, subject: m.subject, body: m.body, author: m.created_by_name,
      sentAt: iso(m.created_at), attachments: m.attachments,
    })),
    documents: detail.documents.map((d) => ({
      id: d.id, fileName: d.file_name, mimeType: d.mime_type, sizeBytes: Number(d.size_bytes), scanStatus: d.scan_status as 'clean' | 'not_scanned' | 'pending' | 'infected',
    })),
  };
}
