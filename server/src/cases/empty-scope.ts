import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Viewer } from './viewer.js';
import { absentPeopleCoveredBy } from '../absences/scope.js';

/*
 * A caseworker scoped to one org unit who filters by a service of another unit asks for an empty
 * set, but the inbox query cannot know that: it walks the service's cases (along the tenant's
 * service index) and drops every one for its unit — at 1,000,000 cases seconds of work for nothing
 * (docs/performance.md, "Still slow in run C"). The status counters (migration 0034) hold the number
 * of cases per (org unit, service, assignee, status), exactly, in the same snapshot rules as the
 * counts: one small read tells whether the combination holds any case at all.
 */

/** The filters the counters know (a subset of the inbox filters). */
export interface CounterFilters {
  serviceId?: string;
  orgUnitId?: string;
  status?: string[];
  assigneeId?: string | null;
}

/** Only a service filter within a unit restriction can meet an empty intersection worth checking. */
export function mayBeEmptyIntersection(viewer: Viewer, filters: CounterFilters): boolean {
  return !!filters.serviceId && (viewer.orgUnitIds.length > 0 || !!filters.orgUnitId);
}

/**
 * True when no case of the tenant can match the service, org unit, scope, status and assignee
 * filters (the other filters only narrow further). A deputy's view includes the cases of the people
 * they stand in for today in any unit, as in applyFilters().
 */
export async function noCaseInScope(trx: Trx, viewer: Viewer, filters: CounterFilters): Promise<boolean> {
  const conditions = [sql`tenant_id = ${viewer.tenantId}`, sql`service_id = ${filters.serviceId}`];
  if (viewer.orgUnitIds.length) {
    conditions.push(viewer.userId
      ? sql`(org_unit_id = any(${viewer.orgUnitIds}::uuid[]) or assignee_id in ${absentPeopleCoveredBy(viewer.tenantId, viewer.userId)})`
      : sql`org_unit_id = any(${viewer.orgUnitIds}::uuid[])`);
  }
  if (viewer.serviceIds) conditions.push(sql`service_id = any(${viewer.serviceIds}::uuid[])`);
  if (filters.orgUnitId) conditions.push(sql`org_unit_id = ${filters.orgUnitId}`);
  if (filters.status?.length) conditions.push(sql`status = any(${filters.status}::text[])`);
  if (filters.assigneeId === null) conditions.push(sql`assignee_id is null`);
  else if (filters.assigneeId) conditions.push(sql`assignee_id = ${filters.assigneeId}`);
  const where = sql.join(conditions, sql` and `);
  const { rows } = await sql<{ n: string | null }>`
    select sum(n) as n from (
      select n from case_counts where ${where}
      union all
      select n from case_count_deltas where ${where}
    ) c`.execute(trx);
  return Number(rows[0]?.n ?? 0) <= 0;
}
