/**
 * npm run bench:intake:profile (bench/intake/production-profile.ts) — where an application's time goes in production mode. The same setup
 * as `npm run bench:intake` (durable PostgreSQL, `amtsdesk start` in production mode) for one
 * municipality, with pg_stat_statements and a V8 CPU profile of the app. Prints the statements by
 * total execution time with their calls per application, and writes the CPU profile
 * (open in Chrome DevTools → Performance). Not a benchmark: profiling slows the app down.
 * BENCH_REQUESTS (default 3000), BENCH_CONCURRENCY (default 16).
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../lib/postgres-server.mjs';
import { DURABLE, startProductionApp } from '../lib/production-app.js';
import { openDatabase } from '../../server/src/db/database.js';
import type { TestDatabase } from '../../server/test/db.js';
import { intakeWorld } from '../../server/test/intake-kit.js';
import { inProcess } from './load.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const profileDir = join(import.meta.dirname, '../results/intake-profile');
mkdirSync(profileDir, { recursive: true });

const server = await startPostgres({ ...DURABLE, shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' });
const db = await openDatabase({ databaseUrl: server.url, poolSize: 10 });
const admin = new pg.Client({ connectionString: server.url });
try {
  await admin.connect();
  await admin.query('create extension if not exists pg_stat_statements');
  const world = await intakeWorld({ db } as TestDatabase, { ags: '01001000' });
  const app = await startProductionApp(server.url, {
    AMTSDESK_INTAKE_RATE_PER_SECOND: '1000000',
  }, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  const spec = { kind: 'native' as const, url: `${app.url}/api/intake/applications`, headers: [world.headers], files: 0 };
  await inProcess({ spec, mode: 'closed', n: 200, concurrency: 4 });
  await admin.query('select pg_stat_statements_reset()');
  const r = await inProcess({ spec, mode: 'closed', n: REQUESTS, concurrency: CONCURRENCY });
  // Let the outbox worker finish what this load enqueued: its statements belong to the cost.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  console.log(`${REQUESTS} applications in ${r.seconds.toFixed(1)} s (${(REQUESTS / r.seconds).toFixed(0)}/s, profiled), ${r.errors} errors`);
  const { rows } = await admin.query<{ query: string; calls: string; total_ms: number; mean_ms: number; max_ms: number; rows: string }>(
    `select regexp_replace(query, '\\s+', ' ', 'g') as query, calls, total_exec_time as total_ms, mean_exec_time as mean_ms, max_exec_time as max_ms, rows
       from pg_stat_statements where query not ilike '%pg_stat_statements%' order by total_exec_time desc limit 25`);
  const total = rows.reduce((sum, row) => sum + row.total_ms, 0);
  for (const row of rows) {
    console.log(`${(row.total_ms / REQUESTS).toFixed(3)} ms/app  ${(Number(row.calls) / REQUESTS).toFixed(2)} calls/app  ${row.mean_ms.toFixed(3)} ms/call (max ${row.max_ms.toFixed(1)})  ${row.query.slice(0, 160)}`);
  }
  console.log(`top 25 statements: ${(total / REQUESTS).toFixed(2)} ms of execution per application`);
  process.kill(app.pid, 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 4000));
  console.log(`CPU profile(s): ${readdirSync(profileDir).map((f) => join(profileDir, f)).join(', ')}`);
  app.stop();
} finally {
  await admin.end();
  await db.close();
  server.stop();
}
