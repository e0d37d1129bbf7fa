import type { Readable } from 'node:stream';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError } from '../shared/errors.js';
import { caseActions, casePermissions, type CasePermission } from './policy.js';
import {
  findCase, listAttachments, listCases, listEvents,
  type CaseDetailRow, type CaseListQuery,
} from './repository.js';
import type { Viewer } from './viewer.js';
import { assertReleasable } from '../scanning/guard.js';
import { applySearchBudget, asSearchTooBroad, DEFAULT_SEARCH_BUDGET, type SearchBudget } from './search-budget.js';

export const caseNotFound = (caseId: string) =>
  new AppError('not_found', { detail: `Der Vorgang „${caseId}“ wurde nicht gefunden.` });

export interface CaseDetail {
  row: CaseDetailRow;
  attachments: Awaited<ReturnType<typeof listAttachments>>;
  allowedActions: string[];
  permissions: CasePermission[];
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
  return { row, attachments, allowedActions: row.read_only_since ? [] : caseActions(viewer, row), permissions: casePermissions(viewer, row) };
}

export async function getCaseDetail(db: Database, viewer: Viewer, caseId: string): Promise<CaseDetail> {
  return withTenant(db, viewer, (trx) => loadCaseDetail(trx, viewer, caseId));
}

/**
 * One inbox page. A search runs within its budget (decision 0015): too broad a search is answered
 * with `search_too_broad` at once, never with a wait that grows with the tenant.
 */
export async function listCasePage(db: Database, viewer: Viewer, query: CaseListQuery & { assignee?: string }, budget: SearchBudget = DEFAULT_SEARCH_BUDGET) {
  const assigneeId = resolveAssigneeFilter(viewer, query.assignee);
  const searching = !!query.q?.trim();
  try {
    return await withTenant(db, viewer, async (trx) => {
      if (searching) await applySearchBudget(trx, budget);
      return listCases(trx, viewer, { ...query, assigneeId });
    });
  } catch (error) {
    throw searching ? asSearchTooBroad(error) : error;
  }
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
