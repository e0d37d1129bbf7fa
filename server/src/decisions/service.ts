import { Readable } from 'node:stream';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { findCase, type CaseDetailRow } from '../cases/repository.js';
import { caseNotFound } from '../cases/queries.js';
import { assertWritable } from '../cases/policy.js';
import { statusLabel } from '../cases/lifecycle.js';
import type { Viewer } from '../cases/viewer.js';
import { renderTemplate } from './placeholders.js';
import { placeholderContext, tenantName } from './document.js';
import { generateExternally } from './generator.js';
import type { OutboundPolicy } from '../shared/outbound/index.js';
import { decisionNotFound, listDecisions, lockDecision, type DecisionRow } from './repository.js';
import { serviceSettingsOf } from './settings.service.js';
import { templateNotFound, templatesForService, type DecisionKind } from './templates.service.js';

export const TEXT_MAX = 50_000;
/** Decisions are drafted while the case is being worked on. */
const DRAFTABLE = ['accepted', 'in_progress', 'reopened'];

export async function caseInScope(trx: Trx, viewer: Viewer, caseId: string): Promise<CaseDetailRow> {
  const row = await findCase(trx, viewer, caseId);
  if (!row) throw caseNotFound(caseId);
  return row;
}

/** A case whose decisions may change: visible, and not handed over as the lead record (xdomea, read-only). */
export async function caseForWriting(trx: Trx, viewer: Viewer, caseId: string): Promise<CaseDetailRow> {
  const row = await caseInScope(trx, viewer, caseId);
  assertWritable(row);
  return row;
}

function assertDraftable(row: CaseDetailRow): void {
  if (!DRAFTABLE.includes(row.status)) {
    throw new AppError('invalid_transition', {
      detail: `Im Status „${statusLabel(row.status)}“ kann kein Bescheid entworfen werden.`,
      extra: { currentStatus: row.status, action: 'draft_decision' },
    });
  }
}

function checkText(text: string): string {
  if (!text.trim()) throw new AppError('validation_failed', { field: 'text', detail: 'Der Text des Bescheids („text“) darf nicht leer sein.' });
  if (text.length > TEXT_MAX) throw new AppError('validation_failed', { field: 'text', detail: `Der Text des Bescheids („text“) darf höchstens ${TEXT_MAX} Zeichen lang sein.` });
  return text;
}

export interface DecisionsOfCase {
  items: DecisionRow[];
  templates: Awaited<ReturnType<typeof templatesForService>>;
  requiresRelease: boolean;
  generatorConfigured: boolean;
}

export async function decisionsOfCase(db: Database, viewer: Viewer, caseId: string): Promise<DecisionsOfCase> {
  return withTenant(db, viewer, async (trx) => {
    const row = await caseInScope(trx, viewer, caseId);
    const settings = await serviceSettingsOf(trx, viewer.tenantId, row.service_id);
    return {
      items: await listDecisions(trx, viewer.tenantId, caseId),
      templates: await templatesForService(trx, viewer.tenantId, row.service_id),
      requiresRelease: settings.requiresRelease,
      generatorConfigured: settings.generatorUrl !== null,
    };
  });
}

interface NewDecision {
  kind: DecisionKind; source: 'template' | 'upload' | 'generator'; templateId: string | null;
  text: string | null; pdf: { sha256: string; sizeBytes: number } | null;
}

async function insertDecision(trx: Trx, viewer: Viewer, row: CaseDetailRow, input: NewDecision): Promise<DecisionRow> {
  const settings = await serviceSettingsOf(trx, viewer.tenantId, row.service_id);
  const id = uuidv7();
  const now = new Date();
  await trx.insertInto('decisions').values({
    id, tenant_id: viewer.tenantId, case_id: row.id, template_id: input.templateId, kind: input.kind, source: input.source,
    text: input.text, pdf_sha256: input.pdf?.sha256 ?? null, pdf_size_bytes: input.pdf?.sizeBytes ?? null, attachment_id: null,
    requires_release: settings.requiresRelease, created_by: viewer.userId, created_by_name: viewer.actor.name,
    last_edited_by: viewer.userId, submitted_by: null, released_by: null, released_by_name: null, released_at: null,
    sent_by: null, sent_at: null, updated_at: now,
  }).execute();
  await appendEvent(trx, viewer.tenantId, {
    caseId: row.id, type: 'decision.drafted', actor: viewer.actor,
    data: { decisionId: id, kind: input.kind, source: input.source, templateId: input.templateId, ...(input.pdf ? { sha256: input.pdf.sha256 } : {}) },
  });
  return lockDecision(trx, viewer.tenantId, row.id, id);
}

/** A draft from a template: the placeholders are filled now; the caseworker edits the text after. */
export async function draftFromTemplate(db: Database, viewer: Viewer, caseId: string, templateId: string): Promise<DecisionRow> {
  return withTenant(db, viewer, async (trx) => {
    const row = await caseForWriting(trx, viewer, caseId);
    assertDraftable(row);
    const template = (await templatesForService(trx, viewer.tenantId, row.service_id)).find((t) => t.id === templateId);
    if (!template) throw Object.assign(templateNotFound(templateId), { field: 'templateId' });
    const text = renderTemplate(template.body, await placeholderContext(trx, viewer.tenantId, row, viewer.actor.name));
    return insertDecision(trx, viewer, row, { kind: template.kind as DecisionKind, source: 'template', templateId, text, pdf: null });
  });
}

/** A decision the caseworker made elsewhere and uploads as PDF (already hardened and stored). */
export async function draftFromUpload(
  db: Database, viewer: Viewer, caseId: string, kind: DecisionKind, pdf: { sha256: string; sizeBytes: number; mimeType: string },
): Promise<DecisionRow> {
  if (pdf.mimeType !== 'application/pdf') {
    throw new AppError('unsupported_media_type', { field: 'file', detail: 'Ein hochgeladener Bescheid muss ein PDF-Dokument sein.' });
  }
  return withTenant(db, viewer, async (trx) => {
    const row = await caseForWriting(trx, viewer, caseId);
    assertDraftable(row);
    return insertDecision(trx, viewer, row, { kind, source: 'upload', templateId: null, text: null, pdf });
  });
}

/** The external generator: case data out, PDF back; nothing is stored if it fails. */
export async function draftFromGenerator(
  db: Database, blobs: BlobStore, outbound: OutboundPolicy, viewer: Viewer, caseId: string, kind: DecisionKind,
): Promise<DecisionRow> {
  const { url, request } = await withTenant(db, viewer, async (trx) => {
    const row = await caseForWriting(trx, viewer, caseId);
    assertDraftable(row);
    const settings = await serviceSettingsOf(trx, viewer.tenantId, row.service_id);
    if (!settings.generatorUrl) {
      throw new AppError('unprocessable', { field: 'source', detail: `Für die Leistung „${row.service_name}“ ist kein Dokumentengenerator eingerichtet.` });
    }
    return {
      url: settings.generatorUrl,
      request: {
        kind,
        tenant: { name: await tenantName(trx, viewer.tenantId) },
        case: { id: row.id, caseNumber: row.case_number, receivedAt: new Date(row.received_at).toISOString(), service: { name: row.service_name, leikaKey: row.leika_key } },
        applicant: row.applicant,
        formData: row.form_data,
        caseworker: { name: row.assignee_name ?? viewer.actor.name },
      },
    };
  });
  const pdf = await generateExternally(url, request, outbound);
  const stored = await blobs.put(Readable.from([pdf]));
  return withTenant(db, viewer, async (trx) => {
    const row = await caseForWriting(trx, viewer, caseId);
    assertDraftable(row);
    return insertDecision(trx, viewer, row, { kind, source: 'generator', templateId: null, text: null, pdf: stored });
  });
}

export async function editDraftText(db: Database, viewer: Viewer, caseId: string, decisionId: string, text: string): Promise<DecisionRow> {
  checkText(text);
  return withTenant(db, viewer, async (trx) => {
    await caseForWriting(trx, viewer, caseId);
    const decision = await lockDecision(trx, viewer.tenantId, caseId, decisionId);
    if (decision.status !== 'draft') {
      throw new AppError('conflict', { field: 'text', detail: 'Der Text kann nur im Entwurf geändert werden; dieser Bescheid ist bereits zur Freigabe vorgelegt oder freigegeben.' });
    }
    if (decision.source !== 'template') {
      throw new AppError('conflict', { field: 'text', detail: 'Ein hochgeladener oder extern erzeugter Bescheid hat keinen bearbeitbaren Text.' });
    }
    if (decision.text === text) return decision;
    await trx.updateTable('decisions').set({ text, last_edited_by: viewer.userId, updated_at: new Date() })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', decisionId).execute();
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'decision.edited', actor: viewer.actor, data: { decisionId, length: { from: decision.text?.length ?? 0, to: text.length } } });
    return lockDecision(trx, viewer.tenantId, caseId, decisionId);
  });
}

export { decisionNotFound };
