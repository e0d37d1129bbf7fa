import { Readable } from 'node:stream';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { addAttachment } from '../cases/service.js';
import { applyChange, loadForChange } from '../cases/changes.js';
import { nextStatus } from '../cases/lifecycle.js';
import type { CaseDetailRow } from '../cases/repository.js';
import type { Viewer } from '../cases/viewer.js';
import { sendMessage } from '../mailbox/service.js';
import { buildDecisionPdf, readAll } from './document.js';
import { findDecision, lockDecision, userName, type DecisionRow } from './repository.js';
import { caseForWriting, caseInScope } from './service.js';
import { requireReleaser } from './policy.js';
import { serviceSettingsOf } from './settings.service.js';
import { openTaskCount } from '../tasks/open-count.js';

const KIND_LABEL: Record<string, string> = { approval: 'Bewilligung', rejection: 'Ablehnung' };

/** Draft → awaiting release (four-eyes): the text is frozen from now on. */
export async function submitForRelease(db: Database, viewer: Viewer, caseId: string, decisionId: string): Promise<DecisionRow> {
  return withTenant(db, viewer, async (trx) => {
    await caseForWriting(trx, viewer, caseId);
    const decision = await lockDecision(trx, viewer.tenantId, caseId, decisionId);
    if (decision.status !== 'draft') {
      throw new AppError('conflict', { detail: 'Nur ein Entwurf kann zur Freigabe vorgelegt werden.' });
    }
    await trx.updateTable('decisions').set({ status: 'awaiting_release', submitted_by: viewer.userId, updated_at: new Date() })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', decisionId).execute();
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'decision.submitted', actor: viewer.actor, data: { decisionId } });
    return lockDecision(trx, viewer.tenantId, caseId, decisionId);
  });
}

/**
 * Makes the document final: a template decision is rendered as PDF/A-2b and stored; every
 * decision document becomes an immutable case attachment (kind 'decision') with its SHA-256.
 */
async function finalize(trx: Trx, blobs: BlobStore, viewer: Viewer, row: CaseDetailRow, decision: DecisionRow, signer: string) {
  let pdf = decision.pdf_sha256 ? { sha256: decision.pdf_sha256, sizeBytes: Number(decision.pdf_size_bytes) } : null;
  if (!pdf) {
    const bytes = await buildDecisionPdf(trx, blobs, viewer.tenantId, row, decision, signer);
    pdf = await blobs.put(Readable.from([bytes]));
  }
  const fileName = `Bescheid-${KIND_LABEL[decision.kind] ?? 'Bescheid'}-${row.case_number.replace(/[^\p{L}\p{N}-]+/gu, '-')}.pdf`;
  const { id: attachmentId } = await addAttachment(trx, viewer.tenantId, row.id, {
    fileName, mimeType: 'application/pdf', sizeBytes: pdf.sizeBytes, sha256: pdf.sha256, kind: 'decision',
  }, viewer.actor);
  return { attachmentId, sha256: pdf.sha256, sizeBytes: pdf.sizeBytes };
}

export async function releaseDecision(db: Database, blobs: BlobStore, viewer: Viewer, caseId: string, decisionId: string): Promise<DecisionRow> {
  return withTenant(db, viewer, async (trx) => {
    const row = await caseForWriting(trx, viewer, caseId);
    const decision = await lockDecision(trx, viewer.tenantId, caseId, decisionId);
    if (decision.status !== (decision.requires_release ? 'awaiting_release' : 'draft')) {
      throw new AppError('conflict', {
        detail: decision.requires_release && decision.status === 'draft'
          ? 'Der Bescheid muss zuerst zur Freigabe vorgelegt werden.'
          : 'Dieser Bescheid ist bereits freigegeben oder versandt.',
      });
    }
    requireReleaser(viewer, decision);
    const doc = await finalize(trx, blobs, viewer, row, decision, viewer.actor.name);
    const now = new Date();
    await trx.updateTable('decisions').set({
      status: 'released', pdf_sha256: doc.sha256, pdf_size_bytes: doc.sizeBytes, attachment_id: doc.attachmentId,
      released_by: viewer.userId, released_by_name: viewer.actor.name, released_at: now, updated_at: now,
    }).where('tenant_id', '=', viewer.tenantId).where('id', '=', decisionId).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'decision.released', actor: viewer.actor,
      data: { decisionId, kind: decision.kind, attachmentId: doc.attachmentId, sha256: doc.sha256, fourEyes: decision.requires_release },
    });
    return lockDecision(trx, viewer.tenantId, caseId, decisionId);
  });
}

/** Where the service asks for it (decision settings), a case with open tasks gets no decision yet. */
async function requireTasksDone(trx: Trx, tenantId: string, row: CaseDetailRow): Promise<void> {
  if (!(await serviceSettingsOf(trx, tenantId, row.service_id)).requiresTasksDone) return;
  const open = await openTaskCount(trx, tenantId, row.id);
  if (open === 0) return;
  throw new AppError('tasks_open', {
    detail: open === 1
      ? 'Der Bescheid kann erst versandt werden, wenn alle Aufgaben erledigt sind: 1 Aufgabe ist noch offen.'
      : `Der Bescheid kann erst versandt werden, wenn alle Aufgaben erledigt sind: ${open} Aufgaben sind noch offen.`,
    extra: { openTasks: open },
  });
}

/**
 * Sends the decision through the mailbox and marks the case 'decided', in one transaction: if
 * either fails, neither happens. A decision that needs no release is finalised on the way.
 */
export async function sendDecision(
  db: Database, blobs: BlobStore, viewer: Viewer, caseId: string, decisionId: string, input: { version: number; deliverAs?: 'letter' },
): Promise<DecisionRow> {
  return withTenant(db, viewer, async (trx) => {
    const row = await loadForChange(trx, viewer, caseId, input.version);
    const decision = await lockDecision(trx, viewer.tenantId, caseId, decisionId);
    if (decision.status === 'sent') throw new AppError('conflict', { detail: 'Dieser Bescheid wurde bereits versandt.' });
    if (decision.requires_release && decision.status !== 'released') {
      throw new AppError('conflict', { detail: 'Dieser Bescheid muss vor dem Versand von einer zweiten Person freigegeben werden (Vier-Augen-Prinzip).' });
    }
    const to = nextStatus(row.status, 'decide');
    await requireTasksDone(trx, viewer.tenantId, row);
    let doc = decision.attachment_id && decision.pdf_sha256
      ? { attachmentId: decision.attachment_id, sha256: decision.pdf_sha256 }
      : null;
    const now = new Date();
    if (!doc) {
      const made = await finalize(trx, blobs, viewer, row, decision, viewer.actor.name);
      doc = made;
      await trx.updateTable('decisions').set({
        status: 'released', pdf_sha256: made.sha256, pdf_size_bytes: made.sizeBytes, attachment_id: made.attachmentId,
        released_by: viewer.userId, released_by_name: viewer.actor.name, released_at: now, updated_at: now,
      }).where('tenant_id', '=', viewer.tenantId).where('id', '=', decisionId).execute();
    }
    const { messageId } = await sendMessage(trx, viewer.tenantId, caseId, {
      subject: `Bescheid zu Ihrem Antrag ${row.case_number} (${row.service_name})`,
      body: `Guten Tag,\n\nanbei erhalten Sie den Bescheid (${KIND_LABEL[decision.kind] ?? 'Bescheid'}) zu Ihrem Antrag „${row.service_name}“, Vorgangsnummer ${row.case_number}.\n\nMit freundlichen Grüßen\n${viewer.actor.name}`,
      attachmentIds: [doc.attachmentId],
      kind: 'decision',
      deliverAs: input.deliverAs,
    }, viewer.actor, { blobs });
    await applyChange(trx, viewer, row, { status: to }, {
      type: 'case.status_changed',
      data: { status: { from: row.status, to }, decision: { from: null, to: decisionId } },
      body: { action: 'decide', from: row.status, to, decisionId },
    });
    await trx.updateTable('decisions').set({ status: 'sent', sent_by: viewer.userId, sent_at: now, updated_at: now })
      .where('tenant_id', '=', viewer.tenantId).where('id', '=', decisionId).execute();
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'decision.sent', actor: viewer.actor,
      data: { decisionId, kind: decision.kind, attachmentId: doc.attachmentId, sha256: doc.sha256, messageId },
    });
    return lockDecision(trx, viewer.tenantId, caseId, decisionId);
  });
}

/** The PDF as the applicant would get it: the stored document, or a preview of a draft's text. */
export async function previewDecision(db: Database, blobs: BlobStore, viewer: Viewer, caseId: string, decisionId: string) {
  return withTenant(db, viewer, async (trx) => {
    const row = await caseInScope(trx, viewer, caseId);
    const decision = await findDecision(trx, viewer.tenantId, caseId, decisionId);
    const fileName = `Bescheid-${row.case_number}.pdf`;
    if (decision.pdf_sha256) return { fileName, bytes: await readAll(await blobs.get(decision.pdf_sha256)) };
    const signer = (await userName(trx, viewer.tenantId, decision.created_by)) ?? decision.created_by_name;
    return { fileName, bytes: await buildDecisionPdf(trx, blobs, viewer.tenantId, row, decision, signer, { draft: true }) };
  });
}
