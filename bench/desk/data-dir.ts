import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import type { SeededDesk } from './seed.js';

/*
 * bench:desk:load --data-dir DIR: the seeded PostgreSQL cluster is kept in DIR/data and reused by the
 * next run with the same --cases and --total (the 1,000,000-case seed takes over half an hour).
 * DIR/seed.json is written only after a complete seed, with the sizes, the fixture ids the run needs,
 * and a hash of the seed's source files: a different size, a changed seed or an interrupted seed
 * (a cluster without seed.json) means the cluster is removed and seeded afresh. Migrations added since
 * run on the kept data when the run opens the database, as they would in production.
 */

const SEED_SOURCES = ['generate.ts', 'seed.ts', 'sharing-seed.ts', 'vocabulary.ts'];

export interface SeedRecord {
  mainCases: number;
  totalCases: number;
  main: SeededDesk['main'];
  helper: SeededDesk['helper'];
  seedSeconds: number;
  seedHash?: string;
}

const seedHash = () => {
  const hash = createHash('sha256');
  for (const file of SEED_SOURCES) hash.update(readFileSync(join(import.meta.dirname, file)));
  return hash.digest('hex').slice(0, 16);
};

/** The record of a reusable seed in `dir`, or undefined after clearing what cannot be reused. */
export function prepareDataDir(dir: string, mainCases: number, totalCases: number): { record?: SeedRecord } {
  const recordFile = join(dir, 'seed.json');
  const record = existsSync(recordFile) ? (JSON.parse(readFileSync(recordFile, 'utf8')) as SeedRecord) : undefined;
  const hasCluster = existsSync(join(dir, 'data', 'PG_VERSION'));
  if (record && hasCluster && record.mainCases === mainCases && record.totalCases === totalCases && record.seedHash === seedHash()) return { record };
  if (!existsSync(dir)) return {};
  const entries = readdirSync(dir);
  if (entries.length && !hasCluster) throw new Error(`--data-dir ${dir} is not empty and holds no cluster of this benchmark; refusing to use it`);
  if (hasCluster) {
    console.log(`[bench:desk:load] ${dir}: ${record ? `seeded with ${record.mainCases}/${record.totalCases} cases or an older seed` : 'seed incomplete'}; seeding afresh`);
    for (const entry of entries) rmSync(join(dir, entry), { recursive: true, force: true });
  }
  return {};
}

export function writeSeedRecord(dir: string, record: Omit<SeedRecord, 'seedHash'>): void {
  writeFileSync(join(dir, 'seed.json'), `${JSON.stringify({ ...record, seedHash: seedHash() }, null, 2)}\n`);
}

/**
 * What a run leaves behind that the next run should not find, so each run starts as one on a fresh
 * seed: its sign-ins (one session per virtual caseworker), the notifications the deadline-notice job
 * wrote, outbox rows, the access log of the cases read, and the scheduled jobs' state (job_leases:
 * without it the app runs its jobs at start as after a fresh seed, instead of skipping those already
 * run today), the usage figures and the instances those jobs record. The seed writes none of these.
 * Case events appended by B opening delegated cases (a few per run among the tenant's cases) stay:
 * removing the tail of a hash chain would need the chain head reset too.
 */
export async function resetAfterRun(admin: pg.Pool, log: (msg: string) => void): Promise<void> {
  const counts: string[] = [];
  const client = await admin.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica'); // no triggers (append-only guards)
    for (const table of ['sessions', 'notifications', 'outbox', 'access_log', 'job_leases', 'tenant_usage', 'instances']) {
      if (!(await client.query<{ t: string | null }>('select to_regclass($1)::text as t', [table])).rows[0]!.t) continue;
      const { rowCount } = await client.query(`delete from ${table}`);
      counts.push(`${table} ${rowCount ?? 0}`);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
  log(`reset after the last run: removed ${counts.join(', ')}`);
}
