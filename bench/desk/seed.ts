import type pg from 'pg';
import { caseChunkSql, createTenantFixture, runChunks, runParallel, secondaryCaseIndexes, type TenantFixture } from './generate.js';
import { seedSharing, type Sharing } from './sharing-seed.js';

const OTHER_TENANTS = 8;
const CHUNK = 100_000;

export interface SeededDesk {
  main: TenantFixture;
  /** Tenant 2 helps the measured tenant (and tenant 3): its scoped caseworker sees their granted cases. */
  helper: Sharing['helper'];
  seconds: number;
  timings: { insertSeconds: number; indexSeconds: number; vacuumAnalyzeSeconds: number };
}

/**
 * The measured tenant with `mainCases` cases and eight more tenants with the rest of `totalCases`,
 * set-based (indexes dropped during the load and rebuilt after, then VACUUM ANALYZE). With the
 * deadlines, delegation agreements and grants, and absences of sharing-seed.ts.
 */
export async function seedDesk(admin: pg.Pool, mainCases: number, totalCases: number, log: (msg: string) => void): Promise<SeededDesk> {
  const t0 = performance.now();
  const main = await createTenantFixture(admin, 1);
  const others: TenantFixture[] = [];
  for (let i = 0; i < OTHER_TENANTS; i++) others.push(await createTenantFixture(admin, i + 2));
  const sharing = await seedSharing(admin, main, others[0]!, others[1]!);
  const indexes = await secondaryCaseIndexes(admin);
  for (const index of indexes) await admin.query(`drop index ${index.name}`);
  const start = new Date(Date.now() - 730 * 86400_000);
  const rest = totalCases - mainCases;
  const plan = [{ f: main, n: mainCases }, ...others.map((f, i) => ({ f, n: Math.floor(rest / OTHER_TENANTS) + (i < rest % OTHER_TENANTS ? 1 : 0) }))];
  const chunks: Array<{ sql: string; rows: number }> = [];
  for (const { f, n } of plan) {
    for (let lo = 1; lo <= n; lo += CHUNK) {
      chunks.push({ sql: caseChunkSql(f, lo, Math.min(n, lo + CHUNK - 1), n, start, sharing.rules.get(f.tenantId)), rows: Math.min(n, lo + CHUNK - 1) - lo + 1 });
    }
  }
  let inserted = 0;
  let lastReport = 0;
  await runChunks(admin, chunks, 2, (rows) => {
    inserted += rows;
    if (performance.now() - lastReport > 15_000 || inserted === totalCases) {
      lastReport = performance.now();
      log(`inserted ${inserted.toLocaleString('en')} / ${totalCases.toLocaleString('en')} cases (${(inserted / ((performance.now() - t0) / 1000)).toFixed(0)}/s)`);
    }
  });
  const insertSeconds = (performance.now() - t0) / 1000;
  // The set-based insert ran with triggers off: closed_at (0036) is written by the insert itself; the
  // stored retention due date (0063) of the closed cases is filled now, before the secondary indexes
  // exist (afterwards every updated row would also update 20 indexes: 20 minutes at 5,000,000 cases).
  await admin.query('select case_retention_due_rebuild()');
  let t1 = performance.now();
  await runParallel(admin, indexes.map((i) => i.definition), 2, (statement, took) => log(`${(took / 1000).toFixed(1)} s  ${statement.slice(0, 90)}`));
  const indexSeconds = (performance.now() - t1) / 1000;
  // Likewise the status counters (0034), rebuilt from the cases.
  await admin.query('select case_counts_rebuild()');
  t1 = performance.now();
  await admin.query('vacuum analyze');
  const vacuumAnalyzeSeconds = (performance.now() - t1) / 1000;
  // The load's dirty pages go to disk now, not during the measurement (durable settings: fsync on).
  await admin.query('checkpoint');
  const grants = (await admin.query<{ n: string }>('select count(*) as n from case_grants')).rows[0]!.n;
  log(`seeded: ${grants} case grants to tenant 2; insert ${insertSeconds.toFixed(0)} s, indexes ${indexSeconds.toFixed(0)} s, vacuum analyze ${vacuumAnalyzeSeconds.toFixed(0)} s`);
  return { main, helper: sharing.helper, seconds: (performance.now() - t0) / 1000, timings: { insertSeconds, indexSeconds, vacuumAnalyzeSeconds } };
}
