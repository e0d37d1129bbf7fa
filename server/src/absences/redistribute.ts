import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { applyBulk, BULK_MAX, type BulkResult } from '../cases/bulk.service.js';
import type { Viewer } from '../cases/viewer.js';
import { RUNNING_STATUSES } from '../deadlines/repository.js';

export interface RedistributeInput {
  fromUserId?: string;
  orgUnitId?: string;
  toUserIds: string[];
}

/**
 * A team lead hands the open cases of a person or an org unit to others, round robin, through the
 * ordinary bulk assignment (each case its own transaction, history event and notice; a refusal, e.g.
 * a target without access to the case's unit, is reported per case and stops nothing).
 */
export async function redistributeCases(db: Database, viewer: Viewer, input: RedistributeInput): Promise<BulkResult[]> {
  if (!!input.fromUserId === !!input.orgUnitId) {
    throw new AppError('validation_failed', { field: 'fromUserId', detail: 'Bitte geben Sie entweder eine Person („fromUserId“) oder eine Organisationseinheit („orgUnitId“) an.' });
  }
  const targets = [...new Set(input.toUserIds)];
  if (input.fromUserId && targets.includes(input.fromUserId)) {
    throw new AppError('validation_failed', { field: 'toUserIds', detail: 'Die Vorgänge können nicht an dieselbe Person verteilt werden, von der sie kommen.' });
  }
  const rows = await withTenant(db, viewer, (trx) => {
    let q = trx.selectFrom('cases').select('id').where('tenant_id', '=', viewer.tenantId).where('status', 'in', [...RUNNING_STATUSES, 'decided']);
    if (input.fromUserId) q = q.where('assignee_id', '=', input.fromUserId);
    if (input.orgUnitId) q = q.where('org_unit_id', '=', input.orgUnitId);
    if (viewer.orgUnitIds.length) q = q.where('org_unit_id', 'in', viewer.orgUnitIds);
    return q.orderBy('received_at').orderBy('id').limit(BULK_MAX).execute();
  });
  const results: BulkResult[] = [];
  for (const [n, target] of targets.entries()) {
    const caseIds = rows.filter((_, i) => i % targets.length === n).map((r) => r.id);
    if (caseIds.length) results.push(...await applyBulk(db, viewer, { action: 'assign', caseIds, assigneeId: target }));
  }
  return results;
}
