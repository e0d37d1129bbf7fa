import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { assignCase, transitionCase } from './changes.js';
import { findCase } from './repository.js';
import { caseNotFound } from './queries.js';
import type { Viewer } from './viewer.js';

export type BulkAction = 'assign' | 'accept';
export const BULK_MAX = 500;

export interface BulkInput {
  action: BulkAction;
  caseIds: string[];
  assigneeId?: string | null;
}

export interface BulkResult {
  caseId: string;
  ok: boolean;
  code?: string;
  detail?: string;
}

async function currentVersion(db: Database, viewer: Viewer, caseId: string): Promise<number> {
  const row = await withTenant(db, viewer, (trx) => findCase(trx, viewer, caseId));
  if (!row) throw caseNotFound(caseId);
  return row.version;
}

/**
 * Applies one action to many cases, each in its own transaction through the ordinary case
 * services (history event, outbox notice, live update), so one refusal never blocks the others.
 * Bulk is an explicit "apply to the current state": each case is changed on the version it has
 * right now; if someone changes it in the very same moment, the case is tried once more.
 */
export async function applyBulk(db: Database, viewer: Viewer, input: BulkInput): Promise<BulkResult[]> {
  if (input.action === 'assign' && input.assigneeId === undefined) {
    throw new AppError('validation_failed', { field: 'assigneeId', detail: 'Bitte wählen Sie die Person („assigneeId“), der die Vorgänge zugewiesen werden.' });
  }
  const results: BulkResult[] = [];
  for (const caseId of [...new Set(input.caseIds)]) {
    results.push(await applyOne(db, viewer, input, caseId));
  }
  return results;
}

async function applyOne(db: Database, viewer: Viewer, input: BulkInput, caseId: string): Promise<BulkResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const version = await currentVersion(db, viewer, caseId);
      if (input.action === 'accept') await transitionCase(db, viewer, caseId, { action: 'accept', version });
      else await assignCase(db, viewer, caseId, { assigneeId: input.assigneeId ?? null, version });
      return { caseId, ok: true };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'version_conflict' && attempt < 2) continue;
      return { caseId, ok: false, code: error.code, detail: error.detail };
    }
  }
}
