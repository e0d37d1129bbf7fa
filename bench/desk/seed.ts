import type pg from 'pg';
import { caseChunkSql, createTenantFixture, runChunks, runParallel, secondaryCaseIndexes, type TenantFixture } from './generate.js';

const OTHER_TENANTS = 8;
const CHUNK = 100_000;

/**
 * The measured tenant with `mainCases` cases and eight more tenants with the rest of `totalCases`,
 * set-based (indexes dropped during the load and rebuilt after, then VACUUM ANALYZE), as run.ts does.
 */
export async function seedDesk(admin: pg.Pool, mainCases: number, totalCases: number, log: (msg: string) => void): Promise<{ main: TenantFixture; seconds: number }> {
  const t0 = performance.now();
  const main = await createTenantFixture(admin, 1);
  const others: TenantFixture[] = [];
  for (let i = 0; i < OTHER_TENANTS; i++) others.push(await createTenantFixture(admin, i + 2));
  const indexes = await secondaryCaseIndexes(admin);
  for (const index of indexes) await admin.query(`drop index ${index.name}`);
  const start = new Date(Date.now() - 730 * 86400_000);
  const rest = totalCases - mainCases;
  const plan = [{ f: main, n: mainCases }, ...others.map((f, i) => ({ f, n: Math.floor(rest / OTHER_TENANTS) + (i < rest % OTHER_TENANTS ? 1 : 0) }))];
  const chunks: Array<{ sql: string; rows: number }> = [];
  for (const { f, n } of plan) {
    for (let lo = 1; lo <= n; lo += CHUNK) chunks.push({ sql: caseChunkSql(f, lo, Math.min(n, lo + CHUNK - 1), n, start), rows: Math.min(n, lo + CHUNK - 1) - lo + 1 });
  }
  let inserted = 0;
  await runChunks(admin, chunks, 2, (rows) => {
    inserted += rows;
    log(`inserted ${inserted.toLocaleString('en')} / ${totalCases.toLocaleString('en')} cases`);
  });
  // The set-based insert ran with triggers off: closed_at (0036) and the stored retention due date
  // (0063) of the closed cases are filled now, before the secondary indexes exist (afterwards every
  // updated row would also update 20 indexes: 20 minutes at 5,000,000 cases).
  await admin.query(`update cases set closed_at = updated_at where status in ('closed', 'deletion_requested') and closed_at is null`);
  await admin.query('select case_retention_due_rebuild()');
  await runParallel(admin, indexes.map((i) => i.definition), 2, (statement, took) => log(`${(took / 1000).toFixed(1)} s  ${statement.slice(0, 90)}`));
  // Likewise the status counters (0034), rebuilt from the cases.
  await admin.query('select case_counts_rebuild()');
  await admin.query('vacuum analyze');
  // The load's dirty pages go to disk now, not during the measurement (durable settings: fsync on).
  await admin.query('checkpoint');
  return { main, seconds: (performance.now() - t0) / 1000 };
}
