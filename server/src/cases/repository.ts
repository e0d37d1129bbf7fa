import { sql, type SelectQueryBuilder } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Database as Schema } from '../db/schema.js';
import type { Viewer } from './viewer.js';
import { decodeCursor, encodeCursor, SORT_COLUMNS, type CaseSort } from './cursor.js';
import { hasOverdueFollowUp, nextOpenFollowUps, type NextFollowUp } from '../followups/inbox.js';
import { dayStart, matchesSearch, receivedToBounds, searchPage, type SearchPage } from './search.js';
import { absentPeopleCoveredBy, coveredToday } from '../absences/scope.js';
import { deadlineCondition, type DeadlineFilter } from '../deadlines/inbox.js';
import { holidayStateOf } from '../deadlines/repository.js';
import type { HolidayState } from '../deadlines/calendar.js';
import { mayBeEmptyIntersection, noCaseInScope } from './empty-scope.js';

export interface CaseFilters {
  status?: string[];
  serviceId?: string;
  orgUnitId?: string;
  /** 'me', 'none' or a user id; 'me' is resolved to the viewer's user id by the service. */
  assigneeId?: string | null;
  receivedFrom?: string;
  receivedTo?: string;
  q?: string;
  /** 'overdue': only cases with an open follow-up due before today. */
  followUp?: 'overdue';
  /** Deadlines: 'overdue', 'paused', or due within `dueWithin` calendar days (server/src/deadlines). */
  deadline?: DeadlineFilter;
  dueWithin?: number;
  /** Only cases of people the viewer stands in for today (Vertretung, server/src/absences). */
  deputy?: boolean;
}

export interface CaseListQuery extends CaseFilters {
  sort: CaseSort;
  limit: number;
  cursor?: string;
}

export interface CaseSummaryRow {
  id: string;
  case_number: string;
  title: string;
  status: string;
  priority: string;
  version: number;
  service_id: string;
  service_name: string;
  leika_key: string;
  org_unit_id: string;
  org_unit_name: string;
  applicant_name: string;
  assignee_id: string | null;
  assignee_name: string | null;
  received_at: Date;
  updated_at: Date;
  /** A reply of the applicant nobody has looked at yet (server/src/mailbox). */
  unread_reply: boolean;
  sort_key: string;
  /** The earliest open follow-up (see server/src/followups). */
  next_follow_up?: NextFollowUp | null;
  /** Handed over to a Fachverfahren (server/src/clients): which one, and whether exclusively. */
  handler_client_id: string | null;
  handler_exclusive: boolean;
  handler_client_name?: string | null;
  due_on: string | null;
  deadline_paused_on: string | null;
  due_requested_on: string | null;
  deemed_approval?: boolean;
  deadline_kind?: string | null;
  holiday_state?: HolidayState | null;
  /** The absent assignee the viewer stands in for on this case (Vertretung), if any. */
  deputy_for?: { id: string; name: string } | null;
}

type CaseQuery<O> = SelectQueryBuilder<Schema, 'cases', O>;

/**
 * Applies the viewer's org-unit scope and the filters; every query on cases goes through here. With
 * `page`, a text search returns only that page's matches (chosen by the search function with the
 * same filters, order and cursor), otherwise all of them.
 */
export function applyFilters<O>(query: CaseQuery<O>, viewer: Viewer, filters: CaseFilters, withStatus = true, page?: SearchPage): CaseQuery<O> {
  let q = query.where('cases.tenant_id', '=', viewer.tenantId);
  // A deputy also sees the cases assigned to the people they stand in for today, in any unit.
  // Read once per request where it matters (withCoverage): with nobody covered the condition stays
  // one org-unit list, as the OR would keep PostgreSQL off the (tenant, unit, sort) indexes.
  const covered = viewer.coveredUserIds;
  if (viewer.orgUnitIds.length && viewer.userId && covered?.length !== 0) {
    q = q.where((eb) => eb.or([
      eb('cases.org_unit_id', 'in', viewer.orgUnitIds),
      eb('cases.assignee_id', 'in', covered ?? absentPeopleCoveredBy(viewer.tenantId, viewer.userId!)),
    ]));
  } else if (viewer.orgUnitIds.length) q = q.where('cases.org_unit_id', 'in', viewer.orgUnitIds);
  if (filters.deputy) {
    q = viewer.userId ? q.where('cases.assignee_id', 'in', absentPeopleCoveredBy(viewer.tenantId, viewer.userId)) : q.where(sql<boolean>`false`);
  }
  const deadline = deadlineCondition(filters);
  if (deadline) q = q.where(deadline);
  // A Fachverfahren sees the cases of its services only (the client policy; others answer 404).
  if (viewer.serviceIds) q = q.where(viewer.serviceIds.length ? sql<boolean>`cases.service_id = any(${viewer.serviceIds}::uuid[])` : sql<boolean>`false`);
  if (withStatus && filters.status?.length) q = q.where('cases.status', 'in', filters.status);
  if (filters.serviceId) q = q.where('cases.service_id', '=', filters.serviceId);
  if (filters.orgUnitId) q = q.where('cases.org_unit_id', '=', filters.orgUnitId);
  if (filters.assigneeId === null) q = q.where('cases.assignee_id', 'is', null);
  else if (filters.assigneeId) q = q.where('cases.assignee_id', '=', filters.assigneeId);
  if (filters.receivedFrom) q = q.where(sql<boolean>`cases.received_at >= ${dayStart(filters.receivedFrom)}`);
  const to = receivedToBounds(filters.receivedTo);
  if (to.before) q = q.where(sql<boolean>`cases.received_at < ${to.before}`);
  if (to.until) q = q.where(sql<boolean>`cases.received_at <= ${to.until}`);
  if (filters.followUp === 'overdue') q = q.where(hasOverdueFollowUp(viewer.tenantId));
  const text = filters.q?.trim();
  // The paged search function knows org units, not a client's services: a client's search takes all matches.
  if (text) q = q.where(page && !viewer.serviceIds ? searchPage(text, viewer, filters, page) : matchesSearch(text));
  return q;
}

const CASE_COLUMNS = [
  'cases.id', 'cases.case_number', 'cases.title', 'cases.status', 'cases.priority', 'cases.version', 'cases.service_id',
  'cases.org_unit_id', 'cases.applicant_name', 'cases.assignee_id', 'cases.received_at', 'cases.updated_at', 'cases.unread_reply',
  'cases.handler_client_id', 'cases.handler_exclusive',
  sql<string | null>`cases.due_on::text`.as('due_on'), sql<string | null>`cases.deadline_paused_on::text`.as('deadline_paused_on'),
  sql<string | null>`cases.due_requested_on::text`.as('due_requested_on'),
] as const;

/** Adds the names of service, org unit and assignee to case rows (a page or a single case). */
async function withNames<T extends { id: string; service_id: string; org_unit_id: string; assignee_id: string | null; handler_client_id: string | null }>(trx: Trx, viewer: Viewer, rows: T[]) {
  if (!rows.length) return [];
  const tenantId = viewer.tenantId;
  const ids = (key: 'service_id' | 'org_unit_id' | 'assignee_id' | 'handler_client_id') => [...new Set(rows.map((r) => r[key]).filter((v): v is string => !!v))];
  const [services, units, users, followUps, clients, holidayState, covered] = await Promise.all([
    trx.selectFrom('services').select(['id', 'name', 'leika_key', 'deemed_approval', 'deadline_kind']).where('id', 'in', ids('service_id')).execute(),
    trx.selectFrom('org_units').select(['id', 'name']).where('id', 'in', ids('org_unit_id')).execute(),
    ids('assignee_id').length
      ? trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids('assignee_id')).execute()
      : Promise.resolve([]),
    nextOpenFollowUps(trx, tenantId, rows.map((r) => r.id)),
    ids('handler_client_id').length
      ? trx.selectFrom('fachverfahren_clients').select(['id', 'name']).where('id', 'in', ids('handler_client_id')).execute()
      : Promise.resolve([]),
    holidayStateOf(trx, tenantId),
    viewer.coveredNames ?? coveredToday(trx, tenantId, viewer.userId),
  ]);
  const client = new Map(clients.map((r) => [r.id, r.name]));
  const service = new Map(services.map((r) => [r.id, r]));
  const unit = new Map(units.map((r) => [r.id, r.name]));
  const user = new Map(users.map((r) => [r.id, r.display_name]));
  return rows.map((r) => ({
    ...r,
    service_name: service.get(r.service_id)?.name ?? '',
    leika_key: service.get(r.service_id)?.leika_key ?? '',
    org_unit_name: unit.get(r.org_unit_id) ?? '',
    assignee_name: r.assignee_id ? (user.get(r.assignee_id) ?? null) : null,
    next_follow_up: followUps.get(r.id) ?? null,
    handler_client_name: r.handler_client_id ? (client.get(r.handler_client_id) ?? null) : null,
    deemed_approval: service.get(r.service_id)?.deemed_approval ?? false,
    deadline_kind: service.get(r.service_id)?.deadline_kind ?? null,
    holiday_state: holidayState,
    deputy_for: r.assignee_id && covered.has(r.assignee_id) ? { id: r.assignee_id, name: covered.get(r.assignee_id)! } : null,
  }));
}

/**
 * One page in keyset order: a deep page costs the same as the first (no OFFSET). The page is
 * chosen from the cases table alone, along one index; names are looked up for those rows only.
 */
/** The viewer with the people they stand in for today read once (see Viewer.coveredUserIds). */
export async function withCoverage(trx: Trx, viewer: Viewer): Promise<Viewer> {
  if (!viewer.orgUnitIds.length || !viewer.userId || viewer.coveredUserIds) return viewer;
  const covered = await coveredToday(trx, viewer.tenantId, viewer.userId);
  return { ...viewer, coveredUserIds: [...covered.keys()], coveredNames: covered };
}

export async function listCases(trx: Trx, scopedViewer: Viewer, query: CaseListQuery): Promise<{ rows: CaseSummaryRow[]; nextCursor: string | null }> {
  const viewer = await withCoverage(trx, scopedViewer);
  // A scoped caseworker's filter by another unit's service: answered from the counters, no walk.
  if (mayBeEmptyIntersection(viewer, query) && await noCaseInScope(trx, viewer, query)) return { rows: [], nextCursor: null };
  const column = SORT_COLUMNS[query.sort];
  const descending = query.sort.startsWith('-');
  const ref = sql.ref(`cases.${column}`);
  const cast = column === 'case_number_sort' ? sql`::text` : column === 'due_sort' ? sql`::date` : sql`::timestamptz`;
  const after = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
  // The search function pages by the older sorts and filters only; with a deadline or deputy filter
  // or the deadline sort, the matches are filtered and ordered here instead.
  const searchPages = column !== 'due_sort' && !query.deadline && !query.dueWithin && !query.deputy;
  const search: SearchPage | undefined = searchPages ? { sort: query.sort, after, rows: query.limit + 1 } : undefined;
  const direction = descending ? 'desc' : 'asc';
  const pageOf = (status: string[] | undefined) => {
    let q = applyFilters(trx.selectFrom('cases').select(CASE_COLUMNS), viewer, { ...query, status }, true, search)
      .select([sql<string>`${ref}::text`.as('sort_key'), ref.as('sort_value')]);
    if (after) {
      q = q.where(descending
        ? sql<boolean>`(${ref}, cases.id) < (${after.value}${cast}, ${after.id}::uuid)`
        : sql<boolean>`(${ref}, cases.id) > (${after.value}${cast}, ${after.id}::uuid)`);
    }
    return q.orderBy(`cases.${column}`, direction).orderBy('cases.id', direction).limit(query.limit + 1);
  };
  // Several statuses: one index range per status (tenant, status, sort order), merged. As one
  // `status IN (…)` PostgreSQL 15 cannot read them in order and sorts every matching case first
  // (seconds at 1,000,000 cases, docs/performance.md). A search text chooses its page itself.
  const statuses = query.status ?? [];
  const rows = statuses.length > 1 && !query.q?.trim()
    ? (await sql<Awaited<ReturnType<ReturnType<typeof pageOf>['execute']>>[number]>`select * from (${sql.join(statuses.map((status) => pageOf([status])), sql` union all `)}) merged
        order by merged.sort_value ${sql.raw(direction)}, merged.id ${sql.raw(direction)} limit ${query.limit + 1}`.execute(trx)).rows
    : await pageOf(query.status).execute();
  const hasMore = rows.length > query.limit;
  const page = await withNames(trx, viewer, hasMore ? rows.slice(0, query.limit) : rows);
  const last = page.at(-1);
  return { rows: page, nextCursor: hasMore && last ? encodeCursor(query.sort, last.sort_key, last.id) : null };
}

export async function countCasesByStatus(trx: Trx, viewer: Viewer, filters: CaseFilters): Promise<Record<string, number>> {
  const rows = await applyFilters(trx.selectFrom('cases'), viewer, filters, false)
    .select(['cases.status', sql<string>`count(*)`.as('n')])
    .groupBy('cases.status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** One case within the viewer's scope, or undefined (also for other tenants' and other units' cases). */
export async function findCase(trx: Trx, viewer: Viewer, caseId: string) {
  const row = await applyFilters(trx.selectFrom('cases').select(CASE_COLUMNS), viewer, {})
    .select(['cases.applicant', 'cases.form_data', 'cases.channel', 'cases.transaction_id', 'cases.read_only_since'])
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
  return row ? (await withNames(trx, viewer, [row]))[0] : undefined;
}
export type CaseDetailRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

export async function listAttachments(trx: Trx, tenantId: string, caseId: string) {
  return trx
    .selectFrom('attachments')
    .select(['id', 'file_name', 'mime_type', 'declared_mime_type', 'size_bytes', 'sha256', 'kind', 'created_at', 'scan_status'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listEvents(trx: Trx, tenantId: string, caseId: string) {
  return trx
    .selectFrom('case_events')
    .select(['id', 'seq', 'type', 'actor_kind', 'actor_name', 'data', 'occurred_at'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
}

export async function latestEventActor(trx: Trx, tenantId: string, caseId: string): Promise<string | null> {
  const row = await trx
    .selectFrom('case_events')
    .select('actor_name')
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.actor_name ?? null;
}
