import type { Actor } from '../auth/principal.js';
import { withTenant, type Database } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { requireVisibleCase } from '../notes/case-access.js';
import type { Viewer } from '../cases/viewer.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { isUniqueViolation } from '../tenants/admin-access.js';
import { dueCases, holdsOfCase, listRuleRows, retentionOfCase, ruleOf, type CaseRetentionRow, type DueCaseRow, type HoldRow, type RuleRow } from './repository.js';
import { BUILT_IN_RULE, checkRule, type RetentionRule } from './rules.js';

export interface RuleInput { periodMonths: number; startsAt: string; appraisal: string }

export interface RuleOverview {
  defaultRule: { rule: RetentionRule; builtIn: boolean; updatedAt: Date | null; updatedBy: string | null };
  services: Array<{ serviceId: string; serviceName: string; rule: RetentionRule | null; updatedAt: Date | null; updatedBy: string | null }>;
}

const REASON_MAX = 1000;

function checkReason(reason: string | undefined, field: string, what: string): string {
  const text = reason?.trim() ?? '';
  if (!text) throw new AppError('validation_failed', { field, detail: `Bitte geben Sie ${what} („${field}“) an.` });
  if (text.length > REASON_MAX) throw new AppError('validation_failed', { field, detail: `${what[0]!.toUpperCase()}${what.slice(5)} („${field}“) darf höchstens ${REASON_MAX} Zeichen lang sein.` });
  return text;
}

/** The tenant's default and every service with its own rule (or none: the default applies). */
export async function ruleOverview(db: Database, tenantId: string): Promise<RuleOverview> {
  return withTenant(db, { tenantId }, async (trx) => {
    const rows = await listRuleRows(trx);
    const services = await trx.selectFrom('services').select(['id', 'name']).orderBy('name').execute();
    const byService = new Map(rows.filter((r) => r.service_id).map((r) => [r.service_id!, r]));
    const own = rows.find((r) => r.service_id === null);
    return {
      defaultRule: { rule: own ? ruleOf(own) : BUILT_IN_RULE, builtIn: !own, updatedAt: own?.updated_at ?? null, updatedBy: own?.updated_by ?? null },
      services: services.map((s) => {
        const row = byService.get(s.id);
        return { serviceId: s.id, serviceName: s.name, rule: row ? ruleOf(row) : null, updatedAt: row?.updated_at ?? null, updatedBy: row?.updated_by ?? null };
      }),
    };
  });
}

/**
 * Sets the rule of one service (serviceId) or the tenant's default (null). The history records the
 * change with before and after, so an auditor can tell which rule applied when.
 */
export async function putRule(db: Database, tenantId: string, serviceId: string | null, input: RuleInput, actor: Actor): Promise<void> {
  const rule = checkRule(input);
  await withTenant(db, { tenantId }, async (trx) => {
    if (serviceId) {
      const service = await trx.selectFrom('services').select('id').where('id', '=', serviceId).executeTakeFirst();
      if (!service) throw notFound('Die Leistung');
    }
    const before = await deleteRuleRow(trx, serviceId);
    await trx
      .insertInto('retention_rules')
      .values({ id: uuidv7(), tenant_id: tenantId, service_id: serviceId, period_months: rule.periodMonths, starts_at: rule.startsAt, appraisal: rule.appraisal, updated_by: actor.name })
      .execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'retention_rule.updated', actor, data: { serviceId, before: before ? ruleOf(before) : null, after: rule } });
  });
}

/** Removes a service's own rule: the tenant's default applies again. */
export async function removeServiceRule(db: Database, tenantId: string, serviceId: string, actor: Actor): Promise<void> {
  await withTenant(db, { tenantId }, async (trx) => {
    const before = await deleteRuleRow(trx, serviceId);
    if (!before) throw notFound('Die Aufbewahrungsregel dieser Leistung');
    await appendEvent(trx, tenantId, { caseId: null, type: 'retention_rule.updated', actor, data: { serviceId, before: ruleOf(before), after: null } });
  });
}

async function deleteRuleRow(trx: Parameters<Parameters<typeof withTenant>[2]>[0], serviceId: string | null): Promise<RuleRow | undefined> {
  let query = trx.deleteFrom('retention_rules');
  query = serviceId ? query.where('service_id', '=', serviceId) : query.where('service_id', 'is', null);
  return query.returning(['service_id', 'period_months', 'starts_at', 'appraisal', 'updated_at', 'updated_by']).executeTakeFirst();
}

export interface CaseRetention { retention: CaseRetentionRow; holds: HoldRow[] }

/** Retention and legal holds of a case the viewer may see (404 otherwise, also for other tenants). */
export async function caseRetention(db: Database, viewer: Viewer, caseId: string): Promise<CaseRetention> {
  return withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    await requireVisibleCase(trx, viewer, caseId);
    const retention = (await retentionOfCase(trx, caseId))!;
    return { retention, holds: await holdsOfCase(trx, caseId) };
  });
}

/** Places a legal hold: the case is not deleted, whatever its retention, until the hold is released. */
export async function setLegalHold(db: Database, viewer: Viewer, caseId: string, reasonInput: string): Promise<{ holdId: string }> {
  const reason = checkReason(reasonInput, 'reason', 'den Grund der Sperre');
  try {
    return await withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
      await requireVisibleCase(trx, viewer, caseId);
      const id = uuidv7();
      await trx
        .insertInto('legal_holds')
        .values({ id, tenant_id: viewer.tenantId, case_id: caseId, reason, set_by: viewer.userId, set_by_name: viewer.actor.name })
        .execute();
      await appendEvent(trx, viewer.tenantId, { caseId, type: 'legal_hold.set', actor: viewer.actor, data: { holdId: id, reason } });
      return { holdId: id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('legal_hold_exists', { field: 'reason' });
    throw error;
  }
}

/** Releases the active hold of a case, with a reason; from then the case's retention applies again. */
export async function releaseLegalHold(db: Database, viewer: Viewer, caseId: string, holdId: string, reasonInput: string): Promise<void> {
  const reason = checkReason(reasonInput, 'reason', 'den Grund der Aufhebung');
  await withTenant(db, { tenantId: viewer.tenantId }, async (trx) => {
    await requireVisibleCase(trx, viewer, caseId);
    const released = await trx
      .updateTable('legal_holds')
      .set({ released_at: new Date(), released_by: viewer.userId, released_by_name: viewer.actor.name, release_reason: reason })
      .where('id', '=', holdId)
      .where('case_id', '=', caseId)
      .where('released_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!released) throw notFound('Die aktive Aufbewahrungssperre');
    await appendEvent(trx, viewer.tenantId, { caseId, type: 'legal_hold.released', actor: viewer.actor, data: { holdId, reason } });
  });
}

/** Closed cases whose retention ended by asOf (the clock can be set for drills: `amtsdesk retention due --as-of`). */
export async function listDueCases(db: Database, tenantId: string, asOf: Date, limit = 1000): Promise<DueCaseRow[]> {
  return withTenant(db, { tenantId }, (trx) => dueCases(trx, asOf, limit));
}
