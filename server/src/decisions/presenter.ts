import type { Viewer } from '../cases/viewer.js';
import { decisionActions } from './policy.js';
import type { DecisionRow } from './repository.js';
import type { LetterheadRow, ServiceSettingsRow } from './settings.service.js';
import type { TemplateRow } from './templates.service.js';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value ? iso(value) : null);

type DecisionStatus = 'draft' | 'awaiting_release' | 'released' | 'sent';
type Kind = 'approval' | 'rejection';

export function presentDecision(row: DecisionRow, viewer: Viewer) {
  return {
    id: row.id,
    caseId: row.case_id,
    templateId: row.template_id,
    kind: row.kind as Kind,
    source: row.source as 'template' | 'upload' | 'generator',
    status: row.status as DecisionStatus,
    text: row.text,
    requiresRelease: row.requires_release,
    document: row.pdf_sha256 ? { attachmentId: row.attachment_id, sha256: row.pdf_sha256, sizeBytes: Number(row.pdf_size_bytes ?? 0) } : null,
    createdBy: { id: row.created_by, name: row.created_by_name },
    releasedBy: row.released_by_name ? { id: row.released_by, name: row.released_by_name } : null,
    releasedAt: isoOrNull(row.released_at),
    sentAt: isoOrNull(row.sent_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    allowedActions: decisionActions(viewer, row),
  };
}

export function presentTemplate(row: TemplateRow) {
  return {
    id: row.id,
    service: row.service_id ? { id: row.service_id, name: row.service_name ?? '' } : null,
    kind: row.kind as Kind,
    name: row.name,
    body: row.body,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function presentLetterhead(row: LetterheadRow) {
  return {
    name: row.name,
    addressLines: row.address_lines,
    contact: row.contact,
    logo: row.logo_sha256 ? { sha256: row.logo_sha256, mimeType: row.logo_mime_type ?? 'image/png' } : null,
    updatedAt: isoOrNull(row.updated_at),
  };
}

export function presentServiceSettings(row: ServiceSettingsRow) {
  return {
    service: { id: row.service_id, name: row.service_name },
    requiresRelease: row.requires_release,
    generatorUrl: row.generator_url,
    requiresTasksDone: row.requires_tasks_done,
  };
}
