import type { Static } from '@sinclair/typebox';
import type { CaseRetentionRow, HoldRow } from './repository.js';
import type { CaseRetentionSchema, HoldSchema, RuleOverviewSchema } from './schemas.js';
import type { RuleOverview } from './service.js';
import type { Appraisal, RetentionStart } from './rules.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentHold(row: HoldRow): Static<typeof HoldSchema> {
  return {
    id: row.id,
    reason: row.reason,
    setByName: row.set_by_name,
    setAt: iso(row.set_at)!,
    releasedByName: row.released_by_name,
    releasedAt: iso(row.released_at),
    releaseReason: row.release_reason,
    active: row.released_at === null,
  };
}

export function presentCaseRetention(retention: CaseRetentionRow, holds: HoldRow[], canManageHolds: boolean): Static<typeof CaseRetentionSchema> {
  return {
    rule: { periodMonths: Number(retention.period_months), startsAt: retention.starts_at as RetentionStart, appraisal: retention.appraisal as Appraisal },
    ruleSource: retention.rule_source,
    periodStartedAt: iso(retention.period_start),
    dueAt: iso(retention.due_at),
    onHold: holds.some((h) => h.released_at === null),
    holds: holds.map(presentHold),
    canManageHolds,
  };
}

export function presentRuleOverview(overview: RuleOverview): Static<typeof RuleOverviewSchema> {
  return {
    defaultRule: { ...overview.defaultRule, updatedAt: iso(overview.defaultRule.updatedAt) },
    services: overview.services.map((s) => ({ ...s, updatedAt: iso(s.updatedAt) })),
  };
}
