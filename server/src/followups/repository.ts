import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { applyFilters } from '../cases/repository.js';
import type { Viewer } from '../cases/viewer.js';
import type { FollowUpState } from './schemas.js';
import { berlinToday } from './inbox.js';
import { absentPeopleCoveredBy } from '../absences/scope.js';


function baseQuery(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('follow_ups as f')
    .innerJoin('users as owner', 'owner.id', 'f.owner_id')
    .leftJoin('users as doner', 'doner.id', 'f.done_by')
    .leftJoin('users as creator', 'creator.id', 'f.created_by')
    .select([
      'f.id', 'f.case_id', 'f.subject', 'f.description', 'f.owner_id', 'owner.display_name as owner_name',
      'f.done_at', 'f.done_by', 'doner.display_name as done_by_name', 'f.created_by', 'creator.display_name as created_by_name', 'f.created_at',
      sql<string>`f.due_date::text`.as('due_date'),
      sql<boolean>`(f.done_at is null and f.due_date < ${berlinToday})`.as('overdue'),
    ])
    .where('f.tenant_id', '=', tenantId);
}
export type FollowUpRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

/** A case's follow-ups: open ones by due date first, then completed ones, latest completed first. */
export async function listByCase(trx: Trx, tenantId: string, caseId: string): Promise<FollowUpRow[]> {
  return baseQuery(trx, tenantId)
    .where('f.case_id', '=', caseId)
    .orderBy(sql`f.done_at is not null`)
    .orderBy('f.due_date')
    .orderBy('f.done_at', 'desc')
    .orderBy('f.id')
    .execute();
}

export async function findFollowUp(trx: Trx, tenantId: string, caseId: string, id: string): Promise<FollowUpRow | undefined> {
  return baseQuery(trx, tenantId).where('f.case_id', '=', caseId).where('f.id', '=', id).forUpdate('f').executeTakeFirst();
}

/**
 * A person's follow-ups on the cases the viewer may see (the same scope as the case list), with
 * the case's number and title. Open ones by due date, so overdue ones come first.
 */
export async function listForOwner(trx: Trx, viewer: Viewer, ownerId: string, state: FollowUpState, limit: number, alsoCovered = false) {
  const visibleCases = applyFilters(trx.selectFrom('cases').select('cases.id'), viewer, {});
  let q = baseQuery(trx, viewer.tenantId)
    .innerJoin('cases as c', 'c.id', 'f.case_id')
    .select(['c.case_number', 'c.title as case_title', 'c.status as case_status'])
    // "Mine" also holds the follow-ups of the people I stand in for today (Vertretung, absences/scope.ts).
    .where((eb) => (alsoCovered ? eb.or([eb('f.owner_id', '=', ownerId), eb('f.owner_id', 'in', absentPeopleCoveredBy(viewer.tenantId, ownerId))]) : eb('f.owner_id', '=', ownerId)))
    .where('f.case_id', 'in', visibleCases);
  if (state === 'done') return q.where('f.done_at', 'is not', null).orderBy('f.done_at', 'desc').orderBy('f.id').limit(limit).execute();
  q = q.where('f.done_at', 'is', null);
  if (state === 'overdue') q = q.where(sql<boolean>`f.due_date < ${berlinToday}`);
  return q.orderBy('f.due_date').orderBy('f.created_at').orderBy('f.id').limit(limit).execute();
}
