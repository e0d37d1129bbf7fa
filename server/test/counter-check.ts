import assert from 'node:assert/strict';
import type { TestDatabase } from './db.js';

/*
 * The truth the case counters (migration 0034) must always equal: a full count of the tenant's
 * cases by org unit, service, assignee and status, read as superuser past row-level security.
 */

const KEY = `org_unit_id::text as unit, service_id::text as service, coalesce(assignee_id::text, '-') as assignee, status`;

export interface CountRow { unit: string; service: string; assignee: string; status: string; n: number }

export async function fullCount(t: TestDatabase, tenantId: string): Promise<CountRow[]> {
  const rows = await t.adminQuery<CountRow>(
    `select ${KEY}, count(*)::int as n from cases where tenant_id = $1 group by 1, 2, 3, 4 order by 1, 2, 3, 4`, [tenantId]);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** What the counters say: folded rows plus pending deltas, combinations that sum to zero left out. */
export async function counted(t: TestDatabase, tenantId: string): Promise<CountRow[]> {
  const rows = await t.adminQuery<CountRow>(
    `select unit, service, assignee, status, sum(n)::int as n from (
       select ${KEY}, n from case_counts where tenant_id = $1
       union all
       select ${KEY}, n from case_count_deltas where tenant_id = $1
     ) c group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4`, [tenantId]);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

export async function assertCountersExact(t: TestDatabase, tenantId: string, after: string): Promise<CountRow[]> {
  const truth = await fullCount(t, tenantId);
  assert.deepEqual(await counted(t, tenantId), truth, `counters equal a full count after ${after}`);
  return truth;
}

/** The byStatus answer a full count gives for rows matching `keep`. */
export function byStatusOf(rows: CountRow[], keep: (r: CountRow) => boolean = () => true): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows.filter(keep)) out[r.status] = (out[r.status] ?? 0) + r.n;
  return out;
}

/** Small seeded PRNG (mulberry32): a failing random sequence can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
