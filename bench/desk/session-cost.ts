/**
 * npm run bench:session — the fixed cost of resolving a staff session per request (decision 0015):
 * the former two transactions (auth_lookup_session, then the user under the tenant) against the one
 * statement auth_resolve_session, interleaved in the same run on the same PostgreSQL server.
 * Reports p50/p95 latency and the CPU (this process + PostgreSQL) per resolution. --n 2000.
 */
import { sql } from 'kysely';
import { startPostgres } from '../lib/postgres-server.mjs';
import { cpuBetween, cpuReading, postmasterOf } from './pg-cpu.js';
import { markdownTable, ms, summarize } from '../lib/stats.js';
import { openDatabase, withPlatform, withTenant, type Database } from '../../server/src/db/database.js';
import { createUserSession, resolveSession } from '../../server/src/auth/sessions.js';
import { sha256Hex } from '../../server/src/shared/ids.js';
import { createTenant, createUser } from '../../server/test/factories.js';

const i = process.argv.indexOf('--n');
const n = i > 0 ? Number(process.argv[i + 1]) : 2000;

/** The resolution as it was before migration 0035: two transactions, five round trips. */
async function resolveInTwoTransactions(db: Database, token: string) {
  const hash = sha256Hex(token);
  const session = await withPlatform(db, async (trx) =>
    (await sql<{ tenant_id: string; user_id: string; csrf_token: string }>`select * from auth_lookup_session(${hash})`.execute(trx)).rows[0]);
  if (!session) return null;
  return withTenant(db, { tenantId: session.tenant_id }, (trx) =>
    trx.selectFrom('users').select(['id', 'display_name', 'roles', 'org_unit_ids', 'active']).where('id', '=', session.user_id).executeTakeFirst());
}

const server = await startPostgres({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' });
try {
  const db = await openDatabase({ databaseUrl: server.url, poolSize: 4 });
  const tenant = await createTenant(db);
  const user = await createUser(db, { tenant });
  const { token } = await createUserSession(db, tenant.id, user.id, 8);
  const postmaster = postmasterOf(server.dir);
  const variants = { 'two transactions (before)': () => resolveInTwoTransactions(db, token), 'one statement (0035)': () => resolveSession(db, token) };
  const samples: Record<string, number[]> = {};
  const cpu: Record<string, { serverMs: number; postgresMs: number }> = {};
  for (const [name, fn] of Object.entries(variants)) {
    for (let k = 0; k < 200; k++) await fn(); // warm-up: plans, caches
    samples[name] = [];
    cpu[name] = { serverMs: 0, postgresMs: 0 };
  }
  // Interleaved in blocks of 100, so both see the same machine.
  for (let block = 0; block < n / 100; block++) {
    for (const [name, fn] of Object.entries(variants)) {
      const before = cpuReading(process.pid, postmaster);
      for (let k = 0; k < 100; k++) {
        const t0 = performance.now();
        if (!(await fn())) throw new Error('session not resolved');
        samples[name]!.push(performance.now() - t0);
      }
      const used = cpuBetween(before, cpuReading(process.pid, postmaster));
      cpu[name]!.serverMs += used.appMs;
      cpu[name]!.postgresMs += used.pgMs;
    }
  }
  console.log(`\n## Session resolution per request (${n} each, interleaved; ${server.version})\n`);
  console.log(markdownTable(['Variant', 'p50 ms', 'p95 ms', 'CPU app µs', 'CPU PostgreSQL µs'], Object.keys(variants).map((name) => {
    const s = summarize(samples[name]!);
    return [name, ms(s.p50), ms(s.p95), (cpu[name]!.serverMs * 1000 / n).toFixed(0), (cpu[name]!.postgresMs * 1000 / n).toFixed(0)];
  })));
  await db.close();
} finally {
  server.stop();
}
