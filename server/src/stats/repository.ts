import { sql, type RawBuilder } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Viewer } from '../cases/viewer.js';

/** Figures for the dashboard; every query is restricted to the viewer's tenant and org units. */

/** "and c.org_unit_id in (…)" for a viewer limited to some org units; nothing for all units. */
function unitScope(viewer: Viewer): RawBuilder<unknown> {
  return viewer.orgUnitIds.length ? sql`and c.org_unit_id in (${sql.join(viewer.orgUnitIds)})` : sql``;
}

/** Monday 00:00 of the current week in German local time, as a timestamptz expression. */
const WEEK_START = sql`(date_trunc('week', now() at time zone 'Europe/Berlin') at time zone 'Europe/Berlin')`;

export async function countNewThisWeek(trx: Trx, viewer: Viewer): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from cases c
    where c.tenant_id = ${viewer.tenantId} ${unitScope(viewer)} and c.received_at >= ${WEEK_START}`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}

/** Cases received per ISO week (Monday, German time) over the last `weeks` weeks incl. this one; empty weeks count 0. */
export async function countIncomingPerWeek(trx: Trx, viewer: Viewer, weeks: number): Promise<Array<{ weekStart: string; count: number }>> {
  const { rows } = await sql<{ week_start: string; n: string }>`
    with bounds as (
      select date_trunc('week', now() at time zone 'Europe/Berlin') - make_interval(weeks => ${weeks - 1}) as first_week
    ), weeks as (
      select generate_series(b.first_week, b.first_week + make_interval(weeks => ${weeks - 1}), interval '1 week') as week_start from bounds b
    ), counted as (
      select date_trunc('week', c.received_at at time zone 'Europe/Berlin') as week_start, count(*) as n
      from cases c, bounds b
      where c.tenant_id = ${viewer.tenantId} ${unitScope(viewer)} and c.received_at >= (b.first_week at time zone 'Europe/Berlin')
      group by 1
    )
    select to_char(w.week_start, 'YYYY-MM-DD') as week_start, coalesce(k.n, 0) as n
    from weeks w left join counted k on k.week_start = w.week_start
    order by w.week_start`.execute(trx);
  return rows.map((r) => ({ weekStart: r.week_start, count: Number(r.n) }));
}

export interface ProcessingTimeRow {
  service_id: string;
  name: string;
  median_days: number | string;
  decided_count: number | string;
}

/**
 * Median days per service from a case's creation (its case.created event) to its first change
 * into decided or rejected, over the cases the viewer sees that got there at least once.
 */
export async function medianProcessingDays(trx: Trx, viewer: Viewer): Promise<ProcessingTimeRow[]> {
  const { rows } = await sql<ProcessingTimeRow>`
    with milestones as (
      select e.case_id,
             min(e.occurred_at) filter (where e.type = 'case.created') as created_at,
             min(e.occurred_at) filter (where e.type = 'case.status_changed'
                                          and e.data -> 'status' ->> 'to' in ('decided', 'rejected')) as decided_at
      from case_events e
      where e.tenant_id = ${viewer.tenantId} and e.case_id is not null and e.type in ('case.created', 'case.status_changed')
      group by e.case_id
    )
    select c.service_id, s.name,
           percentile_cont(0.5) within group (order by extract(epoch from (m.decided_at - m.created_at)) / 86400.0) as median_days,
           count(*) as decided_count
    from milestones m
    join cases c on c.id = m.case_id and c.tenant_id = ${viewer.tenantId}
    join services s on s.id = c.service_id and s.tenant_id = ${viewer.tenantId}
    where m.created_at is not null and m.decided_at is not null ${unitScope(viewer)}
    group by c.service_id, s.name
    order by s.name, c.service_id`.execute(trx);
  return rows;
}

/** Open follow-ups due before today (German date) on cases the viewer sees. */
export async function countOverdueFollowUps(trx: Trx, viewer: Viewer): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from follow_ups f
    join cases c on c.id = f.case_id and c.tenant_id = ${viewer.tenantId}
    where f.tenant_id = ${viewer.tenantId} and f.done_at is null
      and f.due_date < (now() at time zone 'Europe/Berlin')::date ${unitScope(viewer)}`.execute(trx);
  return Number(rows[0]?.n ?? 0);
}
