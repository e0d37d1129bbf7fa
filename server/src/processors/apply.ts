import type { Actor } from '../auth/principal.js';
import { permissionsOfRoles } from '../auth/permissions/catalog.js';
import { transitionCase } from '../cases/changes.js';
import { caseNotFound } from '../cases/queries.js';
import { findCase } from '../cases/repository.js';
import type { Viewer } from '../cases/viewer.js';
import { withTenant, type Database } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import type { ProcessorSuggestion } from './protocol.js';

/**
 * Applies a run's suggestion: accept and route are status changes through the cases write model
 * (with their own history event); then the run is marked applied and 'processor.suggestion_applied'
 * names who applied it (a person, or the processor itself when the service applies automatically).
 * request_info is marked applied only: the caseworker writes the message in the mailbox, since a
 * question to a citizen is never sent without a person.
 */
export async function applySuggestion(db: Database, viewer: Viewer, caseId: string, runId: string, version: number): Promise<void> {
  const run = await withTenant(db, viewer, async (trx) => (await findCase(trx, viewer, caseId)) ? trx.selectFrom('processor_runs')
    .innerJoin('processors', 'processors.id', 'processor_runs.processor_id')
    .select(['processor_runs.id', 'processor_runs.case_id', 'processor_runs.suggestion', 'processor_runs.suggestion_state', 'processors.name'])
    .where('processor_runs.id', '=', runId).where('processor_runs.case_id', '=', caseId).executeTakeFirst() : undefined);
  if (!run) throw caseNotFound(caseId);
  if (run.suggestion_state !== 'open' || !run.suggestion) {
    throw new AppError('processor_suggestion_closed');
  }
  const suggestion = run.suggestion as unknown as ProcessorSuggestion;
  if (suggestion.action === 'accept') {
    await transitionCase(db, viewer, caseId, { action: 'accept', version });
  } else if (suggestion.action === 'route') {
    const orgUnitId = await resolveOrgUnit(db, viewer.tenantId, suggestion.orgUnit ?? '');
    await transitionCase(db, viewer, caseId, { action: 'forward', version, orgUnitId, reason: suggestion.reason });
  }
  await withTenant(db, viewer, async (trx) => {
    const marked = await trx.updateTable('processor_runs')
      .set({ suggestion_state: 'applied', applied_by: viewer.actor.name, applied_at: new Date(), suggestion_note: null })
      .where('id', '=', runId).where('suggestion_state', '=', 'open').executeTakeFirst();
    if (Number(marked.numUpdatedRows) === 0) return;
    await appendEvent(trx, viewer.tenantId, {
      caseId, type: 'processor.suggestion_applied', actor: viewer.actor,
      data: { processor: run.name, action: suggestion.action, automatic: viewer.actor.kind === 'system', ...(suggestion.orgUnit ? { orgUnit: suggestion.orgUnit } : {}) },
    });
  });
}

async function resolveOrgUnit(db: Database, tenantId: string, ref: string): Promise<string> {
  const unit = await withTenant(db, { tenantId }, (trx) => {
    const q = trx.selectFrom('org_units').select('id').where('tenant_id', '=', tenantId);
    return (isUuid(ref) ? q.where('id', '=', ref) : q.where('short_code', '=', ref)).executeTakeFirst();
  });
  if (!unit) throw new AppError('unprocessable', { field: 'orgUnit', detail: `Die vorgeschlagene Organisationseinheit „${ref.slice(0, 100)}“ gibt es in dieser Kommune nicht.` });
  return unit.id;
}

/** The processor acting on its own suggestion (auto-apply): all units, case work permissions. */
export function processorViewer(tenantId: string, processorName: string): Viewer {
  const actor: Actor = { kind: 'system', id: null, name: `Prüfdienst „${processorName}“ (automatisch)` };
  return { tenantId, orgUnitIds: [], userId: null, permissions: permissionsOfRoles(['caseworker']), actor };
}
