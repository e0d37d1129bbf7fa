import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { berlinToday } from '../followups/inbox.js';

function baseQuery(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('case_tasks as t')
    .leftJoin('users as au', 'au.id', 't.assignee_user_id')
    .leftJoin('org_units as ou', 'ou.id', 't.assignee_org_unit_id')
    .select([
      't.id', 't.case_id', 't.kind', 't.instruction', 't.assignee_user_id', 't.assignee_org_unit_id',
      'au.display_name as assignee_user_name', 'ou.name as assignee_unit_name', 't.state', 't.outcome', 't.outcome_comment',
      't.created_by', 't.created_by_name', 't.created_at', 't.closed_by', 't.closed_by_name', 't.closed_at',
      sql<string>`t.due_on::text`.as('due_on'),
      sql<boolean>`(t.state = 'open' and t.due_on < ${berlinToday})`.as('overdue'),
    ])
    .where('t.tenant_id', '=', tenantId);
}
export type TaskRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

/** A case's tasks: open ones by due day first, then closed ones, latest closed first. */
export async function listByCase(trx: Trx, tenantId: string, caseId: string): Promise<TaskRow[]> {
  return baseQuery(trx, tenantId)
    .where('t.case_id', '=', caseId)
    .orderBy(sql`t.state <> 'open'`)
    .orderBy('t.due_on')
    .orderBy('t.closed_at', 'desc')
    .orderBy('t.id')
    .execute();
}

/** One task of one case, locked for the change that follows. */
export async function lockTask(trx: Trx, tenantId: string, caseId: string, id: string): Promise<TaskRow | undefined> {
  return baseQuery(trx, tenantId).where('t.case_id', '=', caseId).where('t.id', '=', id).forUpdate('t').executeTakeFirst();
}

export async function findTask(trx: Trx, tenantId: string, caseId: string, id: string): Promise<TaskRow | undefined> {
  return baseQuery(trx, tenantId).where('t.case_id', '=', caseId).where('t.id', '=', id).executeTakeFirst();
}

/**
 * „Meine Aufgaben“: open tasks assigned to the person or to one of their org units, with the case's
 * number and title, by due day (overdue ones first), oldest request first on the same day.
 */
export async function listOpenFor(trx: Trx, tenantId: string, userId: string, orgUnitIds: readonly string[], limit: number) {
  return baseQuery(trx, tenantId)
    .innerJoin('cases as c', 'c.id', 't.case_id')
    .select(['c.case_number', 'c.title as case_title', 'c.status as case_status'])
    .where('t.state', '=', 'open')
    .where((eb) => eb.or([
      eb('t.assignee_user_id', '=', userId),
      ...(orgUnitIds.length ? [eb('t.assignee_org_unit_id', 'in', [...orgUnitIds])] : []),
    ]))
    .orderBy('t.due_on')
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(limit)
    .execute();
}
export type MyTaskRow = Awaited<ReturnType<typeof listOpenFor>>[number];
