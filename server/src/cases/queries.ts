import type { Readable } from 'node:stream';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError } from '../shared/errors.js';
import { allowedActions } from './lifecycle.js';
import {
  findCase, listAttachments, listCases, listEvents,
  type CaseDetailRow, type CaseListQuery,
} from './repository.js';
import type { Viewer } from './viewer.js';
import { assertReleasable } from '../scanning/guard.js';

export const caseNotFound = (caseId: string) =>
  new AppError('not_found', { detail: `Der Vorgang „${caseId}“ wurde nicht gefunden.` });

export interface CaseDetail {
  row: CaseDetailRow;
  attachments: Awaited<ReturnType<typeof listAttachments>>;
  allowedActions: string[];
}

/** 'me' → the viewer's own user id; 'none' → unassigned (null). */
export function resolveAssigneeFilter(viewer: Viewer, assignee: string | undefined): string | null | undefined {
  if (assignee === undefined) return undefined;
  if (assignee === 'none') return null;
  if (assignee !== 'me') return assignee;
  if (!viewer.userId) {
    throw new AppError('validation_failed', { field: 'assignee', detail: '„assignee=me“ ist nur für angemeldete Personen möglich.' });
  }
  return viewer.userId;
}

export async function loadCaseDetail(trx: Trx, viewer: Viewer, caseId: string): Promise<CaseDetail> {
  const row = await findCase(trx, viewer, caseId);
  if (!row) throw caseNotFound(caseId);
  const attachments = await listAttachments(trx, viewer.tenantId, caseId);
  const actions = allowedActions(row.status, viewer.permissions);
  if (actions.includes('assign')) {
    if (row.assignee_id) actions.push('unassign');
    if (viewer.userId && row.assignee_id !== viewer.userId) actions.push('take_over');
  }
  return { row, attachments, allowedActions: actions };
}

export async function getCaseDetail(db: Database, viewer: Viewer, caseId: string): Promise<CaseDetail> {
  return withTenant(db, viewer, (trx) => loadCaseDetail(trx, viewer, caseId));
}

export async function listCasePage(db: Database, viewer: Viewer, query: CaseListQuery & { assignee?: string }) {
  const assigneeId = resolveAssigneeFilter(viewer, query.assignee);
  return withTenant(db, viewer, (trx) => listCases(trx, viewer, { ...query, assigneeId }));
}

export async function listCaseEvents(db: Database, viewer: Viewer, caseId: string) {
  return withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    return listEvents(trx, viewer.tenantId, caseId);
  });
}

/**
 * The attachment's metadata, looked up under the tenant (another tenant's or another unit's id
 * answers 404), and a stream of its bytes that fails if they no longer match the stored checksum.
 */
export async function openAttachmentContent(db: Database, blobs: BlobStore, viewer: Viewer, caseId: string, attachmentId: string) {
  const attachment = await withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    return trx
      .selectFrom('attachments')
      .select(['id', 'file_name', 'mime_type', 'size_bytes', 'sha256', 'scan_status'])
      .where('tenant_id', '=', viewer.tenantId)
      .where('case_id', '=', caseId)
      .where('id', '=', attachmentId)
      .executeTakeFirst();
  });
  if (!attachment) throw new AppError('not_found', { detail: `Die Anlage „${attachmentId}“ wurde nicht gefunden.` });
  assertReleasable(attachment);
  const stream: Readable = await blobs.get(attachment.sha256);
  return { attachment, stream };
}
