import { sql } from 'kysely';
import type { Trx } from '../db/database.js';

const COLUMNS = [
  'a.id', 'a.user_id', 'a.deputy_id', sql<string>`a.starts_on::text`.as('starts_on'), sql<string>`a.ends_on::text`.as('ends_on'),
  'a.note', 'a.created_by_name', 'a.created_at', 'u.display_name as user_name', 'd.display_name as deputy_name',
] as const;

export type AbsenceRow = Awaited<ReturnType<typeof listAbsences>>[number];

/** Absences that have not ended before `from` (and are not withdrawn), optionally of or covered by one person. */
export async function listAbsences(trx: Trx, tenantId: string, options: { from: string; userId?: string; involving?: string }) {
  let q = trx.selectFrom('absences as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('users as d', 'd.id', 'a.deputy_id')
    .select(COLUMNS)
    .where('a.tenant_id', '=', tenantId).where('a.withdrawn_at', 'is', null)
    .where(sql<boolean>`a.ends_on >= ${options.from}::date`);
  if (options.userId) q = q.where('a.user_id', '=', options.userId);
  if (options.involving) q = q.where((eb) => eb.or([eb('a.user_id', '=', options.involving!), eb('a.deputy_id', '=', options.involving!)]));
  return q.orderBy('a.starts_on').orderBy('a.id').limit(500).execute();
}

/** The person's absences overlapping [startsOn, endsOn] (not withdrawn). */
export async function overlapping(trx: Trx, tenantId: string, userId: string, startsOn: string, endsOn: string) {
  return trx.selectFrom('absences as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('users as d', 'd.id', 'a.deputy_id')
    .select(COLUMNS)
    .where('a.tenant_id', '=', tenantId).where('a.user_id', '=', userId).where('a.withdrawn_at', 'is', null)
    .where(sql<boolean>`a.starts_on <= ${endsOn}::date and a.ends_on >= ${startsOn}::date`)
    .orderBy('a.starts_on').execute();
}

export async function findAbsence(trx: Trx, tenantId: string, id: string) {
  return trx.selectFrom('absences as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('users as d', 'd.id', 'a.deputy_id')
    .select(COLUMNS).where('a.tenant_id', '=', tenantId).where('a.id', '=', id).where('a.withdrawn_at', 'is', null)
    .executeTakeFirst();
}

export async function activeUser(trx: Trx, tenantId: string, id: string) {
  return trx.selectFrom('users').select(['id', 'display_name', 'active', 'roles'])
    .where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}
