import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { berlinDay } from '../deadlines/calendar.js';

/*
 * What the cases module needs from absences (Vertretung). This file imports nothing from cases, so
 * the cases repository can use it without an import cycle. An absence counts on the German calendar
 * days from starts_on to ends_on inclusive; before and after, the deputy sees nothing of it.
 */

/** Today in Germany by the server's clock (the same day the deadline code counts with). */
const berlinToday = () => sql<string>`${berlinDay()}::date`;

/** The people the given user stands in for today, as a sub-select of user ids (one indexed look-up). */
export function absentPeopleCoveredBy(tenantId: string, deputyId: string) {
  return sql<string>`(select a.user_id from absences a
    where a.tenant_id = ${tenantId} and a.deputy_id = ${deputyId} and a.withdrawn_at is null
      and a.starts_on <= ${berlinToday()} and a.ends_on >= ${berlinToday()})`;
}

/** The same, read once for a page: absent user id → display name. */
export async function coveredToday(trx: Trx, tenantId: string, deputyId: string | null): Promise<Map<string, string>> {
  if (!deputyId) return new Map();
  const rows = await trx.selectFrom('absences as a')
    .innerJoin('users as u', (j) => j.onRef('u.id', '=', 'a.user_id').onRef('u.tenant_id', '=', 'a.tenant_id'))
    .select(['a.user_id', 'u.display_name'])
    .where('a.tenant_id', '=', tenantId).where('a.deputy_id', '=', deputyId).where('a.withdrawn_at', 'is', null)
    .where(sql<boolean>`a.starts_on <= ${berlinToday()} and a.ends_on >= ${berlinToday()}`)
    .execute();
  return new Map(rows.map((r) => [r.user_id, r.display_name]));
}
