import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { BUILT_IN_RULE, type Appraisal, type RetentionRule, type RetentionStart } from './rules.js';

export interface RuleRow {
  service_id: string | null;
  period_months: number;
  starts_at: string;
  appraisal: string;
  updated_at: Date;
  updated_by: string;
}

export const RULE_COLUMNS = ['service_id', 'period_months', 'starts_at', 'appraisal', 'updated_at', 'updated_by'] as const;

export const ruleOf = (row: RuleRow): RetentionRule => ({
  periodMonths: row.period_months,
  startsAt: row.starts_at as RetentionStart,
  appraisal: row.appraisal as Appraisal,
});

export async function listRuleRows(trx: Trx): Promise<RuleRow[]> {
  return trx.selectFrom('retention_rules').select(RULE_COLUMNS).execute();
}

export interface HoldRow {
  id: string;
  reason: string;
  set_by_name: string;
  set_at: Date;
  released_by_name: string | null;
  released_at: Date | null;
  release_reason: string | null;
}

export const HOLD_COLUMNS = ['id', 'reason', 'set_by_name', 'set_at', 'released_by_name', 'released_at', 'release_reason'] as const;

export async function holdsOfCase(trx: Trx, caseId: string): Promise<HoldRow[]> {
  return trx.selectFrom('legal_holds').select(HOLD_COLUMNS).where('case_id', '=', caseId).orderBy('set_at', 'desc').execute();
}

export interface CaseRetentionRow {
  closed_at: Date | null;
  decision_sent_at: Date | null;
  rule_source: 'service' | 'tenant' | 'built_in';
  period_months: number;
  starts_at: string;
  appraisal: string;
  period_start: Date | null;
  due_at: Date | null;
}

/**
 * The retention of one case: the service's rule, else the tenant's default, else the built-in rule,
 * and the due date from retention_due_at (the same definition the destruction lists use).
 */
export async function retentionOfCase(trx: Trx, caseId: string): Promise<CaseRetentionRow | undefined> {
  const result = await sql<CaseRetentionRow>`
    WITH c AS (
      SELECT c.id, c.tenant_id, c.service_id,
             CASE WHEN c.status IN ('closed', 'deletion_requested') THEN c.closed_at END AS closed_at,
             (SELECT max(d.sent_at) FROM decisions d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id) AS decision_sent_at
      FROM cases c WHERE c.id = ${caseId}
    ), r AS (
      SELECT c.*,
             CASE WHEN rs.id IS NOT NULL THEN 'service' WHEN rd.id IS NOT NULL THEN 'tenant' ELSE 'built_in' END AS rule_source,
             coalesce(rs.period_months, rd.period_months, ${BUILT_IN_RULE.periodMonths}::int) AS period_months,
             coalesce(rs.starts_at, rd.starts_at, ${BUILT_IN_RULE.startsAt}::text) AS starts_at,
             coalesce(rs.appraisal, rd.appraisal, ${BUILT_IN_RULE.appraisal}::text) AS appraisal
      FROM c
      LEFT JOIN retention_rules rs ON rs.tenant_id = c.tenant_id AND rs.service_id = c.service_id
      LEFT JOIN retention_rules rd ON rd.tenant_id = c.tenant_id AND rd.service_id IS NULL
    )
    SELECT closed_at, decision_sent_at, rule_source, period_months, starts_at, appraisal,
           retention_period_start(closed_at, decision_sent_at, starts_at) AS period_start,
           retention_due_at(closed_at, decision_sent_at, starts_at, period_months) AS due_at
    FROM r`.execute(trx);
  return result.rows[0];
}

export interface DueCaseRow {
  id: string;
  case_number: string;
  service_id: string;
  appraisal: string;
  due_at: Date;
  on_hold: boolean;
}

/**
 * Closed cases of the tenant whose retention period ended by asOf, oldest first. Cases under a
 * legal hold are included and flagged, so a list can say why they stay.
 */
export async function dueCases(trx: Trx, asOf: Date, limit: number): Promise<DueCaseRow[]> {
  const result = await sql<DueCaseRow>`
    SELECT * FROM (
      SELECT c.id, c.case_number, c.service_id,
             coalesce(rs.appraisal, rd.appraisal, ${BUILT_IN_RULE.appraisal}::text) AS appraisal,
             retention_due_at(
               c.closed_at,
               (SELECT max(d.sent_at) FROM decisions d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id),
               coalesce(rs.starts_at, rd.starts_at, ${BUILT_IN_RULE.startsAt}::text),
               coalesce(rs.period_months, rd.period_months, ${BUILT_IN_RULE.periodMonths}::int)) AS due_at,
             EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = c.tenant_id AND h.case_id = c.id AND h.released_at IS NULL) AS on_hold
      FROM cases c
      LEFT JOIN retention_rules rs ON rs.tenant_id = c.tenant_id AND rs.service_id = c.service_id
      LEFT JOIN retention_rules rd ON rd.tenant_id = c.tenant_id AND rd.service_id IS NULL
      WHERE c.status IN ('closed', 'deletion_requested')
    ) due
    WHERE due_at <= ${asOf}
    ORDER BY due_at, case_number
    LIMIT ${limit}`.execute(trx);
  return result.rows;
}

/** Sets closed_at of closed cases to the time their history says they were closed (back-dated demo data). */
export async function closedAtFromHistory(trx: Trx): Promise<void> {
  await sql`
    UPDATE cases c SET closed_at = e.at
    FROM (SELECT case_id, max(occurred_at) AS at FROM case_events
          WHERE type = 'case.status_changed' AND data->'status'->>'to' = 'closed' GROUP BY case_id) e
    WHERE e.case_id = c.id AND c.status IN ('closed', 'deletion_requested')`.execute(trx);
}
