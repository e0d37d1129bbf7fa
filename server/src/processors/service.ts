import { sql } from 'kysely';
import { withTenant, type Database } from '../db/database.js';
import { findCase } from '../cases/repository.js';
import { caseNotFound } from '../cases/queries.js';
import type { Viewer } from '../cases/viewer.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertOutboundUrl, type OutboundPolicy } from '../shared/outbound/index.js';
import { newWebhookSecret } from '../webhooks/signature.js';
import { validateRules } from './rules.js';
import { startRuns } from './runs.js';
import type { ProcessorInput } from './schemas.js';

const processorNotFound = () => notFound('Der Prüfdienst');

async function requireService(db: Database, tenantId: string, serviceId: string): Promise<void> {
  const found = await withTenant(db, { tenantId }, (trx) => trx.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst());
  if (!found) throw notFound('Die Leistung');
}

function checkedFields(input: ProcessorInput, outbound: OutboundPolicy) {
  if (input.kind === 'http' && !input.url) {
    throw new AppError('validation_failed', { field: 'url', detail: 'Bitte geben Sie die Adresse des Prüfdienstes („url“) an.' });
  }
  const url = input.kind === 'http' ? assertOutboundUrl(input.url!, outbound, { field: 'url', label: 'Die Adresse des Prüfdienstes' }) : null;
  const rules = input.kind === 'plausibility' ? validateRules(input.rules ?? []) : [];
  return { url, rules };
}

export async function listProcessors(db: Database, tenantId: string, serviceId: string) {
  await requireService(db, tenantId, serviceId);
  return withTenant(db, { tenantId }, (trx) => trx.selectFrom('processors').selectAll().where('service_id', '=', serviceId).orderBy('created_at').execute());
}

/** Attaches a processor to a service; an HTTP processor gets a signing secret, shown once. */
export async function createProcessor(db: Database, tenantId: string, serviceId: string, input: ProcessorInput, outbound: OutboundPolicy) {
  await requireService(db, tenantId, serviceId);
  const { url, rules } = checkedFields(input, outbound);
  const secret = input.kind === 'http' ? newWebhookSecret() : null;
  const row = await withTenant(db, { tenantId }, (trx) => trx.insertInto('processors').values({
    id: uuidv7(), tenant_id: tenantId, service_id: serviceId, name: input.name.trim(), kind: input.kind, url, secret,
    timeout_ms: input.timeoutMs ?? 10_000, rules: JSON.stringify(rules), auto_apply: input.autoApply ?? false, active: input.active ?? true,
  }).returningAll().executeTakeFirstOrThrow());
  return { processor: row, secret };
}

/** Changes a processor (kind stays; the secret stays unless the kind needs none). */
export async function updateProcessor(db: Database, tenantId: string, id: string, input: ProcessorInput, outbound: OutboundPolicy) {
  const { url, rules } = checkedFields(input, outbound);
  return withTenant(db, { tenantId }, async (trx) => {
    const current = await trx.selectFrom('processors').select(['kind']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!current) throw processorNotFound();
    if (current.kind !== input.kind) throw new AppError('validation_failed', { field: 'kind', detail: 'Die Art eines Prüfdienstes kann nicht geändert werden. Legen Sie einen neuen an.' });
    return trx.updateTable('processors').set({
      name: input.name.trim(), url, timeout_ms: input.timeoutMs ?? 10_000, rules: JSON.stringify(rules),
      auto_apply: input.autoApply ?? false, active: input.active ?? true, updated_at: new Date(),
    }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  });
}

export async function deleteProcessor(db: Database, tenantId: string, id: string): Promise<void> {
  const result = await withTenant(db, { tenantId }, (trx) => trx.deleteFrom('processors').where('id', '=', id).executeTakeFirst());
  if (Number(result.numDeletedRows) === 0) throw processorNotFound();
}

/** The case's runs, newest first (the case must be visible to the viewer; else 404). */
export async function listRuns(db: Database, viewer: Viewer, caseId: string) {
  return withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    return trx.selectFrom('processor_runs')
      .innerJoin('processors', 'processors.id', 'processor_runs.processor_id')
      // A route suggestion names the unit by short code or id; the desk shows the unit's name.
      .leftJoin('org_units as suggested_unit', (j) => j.onRef('suggested_unit.tenant_id', '=', 'processor_runs.tenant_id')
        .on(sql<boolean>`processor_runs.suggestion->>'orgUnit' in (suggested_unit.short_code, suggested_unit.id::text)`))
      .selectAll('processor_runs').select(['processors.name as processor_name', 'processors.kind as processor_kind', 'suggested_unit.name as suggested_unit_name'])
      .where('processor_runs.case_id', '=', caseId).orderBy('processor_runs.created_at', 'desc').limit(50).execute();
  });
}
export type RunRow = Awaited<ReturnType<typeof listRuns>>[number];

/** "Prüfen": runs the service's processors (or one) again for this case. */
export async function startManualRuns(db: Database, viewer: Viewer, caseId: string, processorId?: string): Promise<string[]> {
  return withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    const runIds = await startRuns(trx, viewer.tenantId, caseId, { kind: 'manual', by: viewer.actor.name, processorId });
    if (runIds.length === 0) throw new AppError('unprocessable', { field: 'processorId', detail: 'Für die Leistung dieses Vorgangs ist kein aktiver Prüfdienst eingerichtet.' });
    return runIds;
  });
}

/** A person decides not to follow a suggestion. */
export async function dismissSuggestion(db: Database, viewer: Viewer, caseId: string, runId: string): Promise<void> {
  await withTenant(db, viewer, async (trx) => {
    if (!(await findCase(trx, viewer, caseId))) throw caseNotFound(caseId);
    const result = await trx.updateTable('processor_runs').set({ suggestion_state: 'dismissed', applied_by: viewer.actor.name, applied_at: new Date() })
      .where('id', '=', runId).where('case_id', '=', caseId).where('suggestion_state', '=', 'open').executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new AppError('processor_suggestion_closed');
  });
}
