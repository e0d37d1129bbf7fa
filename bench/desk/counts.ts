/**
 * node --import tsx bench/desk/counts.ts — what the status counts and the dashboard cost with the
 * case counters (migration 0034, decision 0014), next to the full count they replace, and what the
 * counters add to a case write. Durable PostgreSQL (fsync, synchronous_commit, full_page_writes on).
 * COUNTS_CASES (default 1,000,000) cases in the measured tenant; results in docs/performance.md „Counts“.
 */
import pg from 'pg';
import { sql } from 'kysely';
import { startPostgres } from '../lib/postgres-server.mjs';
import { markdownTable, ms, summarize, timeSequential } from '../lib/stats.js';
import { openDatabase, withTenant, type Database } from '../../server/src/db/database.js';
import { actorOf, permissionsOf, type UserPrincipal } from '../../server/src/auth/principal.js';
import type { Viewer } from '../../server/src/cases/viewer.js';
import { countCasesByStatus } from '../../server/src/cases/repository.js';
import { countCases } from '../../server/src/cases/counts.js';
import { createDashboardCache, dashboardStats } from '../../server/src/stats/service.js';
import { caseChunkSql, createTenantFixture, runChunks, runParallel, secondaryCaseIndexes } from './generate.js';

const cases = Number(process.env.COUNTS_CASES ?? 1_000_000);
const log = (msg: string) => console.log(`[bench:counts ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const server = await startPostgres({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', shared_buffers: '1GB', work_mem: '32MB', maintenance_work_mem: '512MB', max_wal_size: '8GB' });
try {
  const db: Database = await openDatabase({ databaseUrl: server.url, poolSize: 4 });
  const admin = new pg.Pool({ connectionString: server.url, max: 3 });
  const f = await createTenantFixture(admin, 1);
  const indexes = await secondaryCaseIndexes(admin);
  for (const index of indexes) await admin.query(`drop index ${index.name}`);
  const chunks = [];
  for (let lo = 1; lo <= cases; lo += 100_000) {
    const hi = Math.min(cases, lo + 99_999);
    chunks.push({ sql: caseChunkSql(f, lo, hi, cases, new Date(Date.now() - 730 * 86400_000)), rows: hi - lo + 1 });
  }
  await runChunks(admin, chunks, 2, () => {});
  await runParallel(admin, indexes.map((i) => i.definition), 2, () => {});
  await admin.query('select case_counts_rebuild()');
  await admin.query('vacuum analyze');
  const rows = (await admin.query<{ n: string }>('select count(*) as n from case_counts')).rows[0]!.n;
  log(`${server.version}; ${cases.toLocaleString('en')} cases, ${rows} counter rows`);

  const principal = (orgUnitIds: string[]): UserPrincipal => ({
    kind: 'user', tenantId: f.tenantId, userId: f.caseworkerId, roles: ['caseworker'], orgUnitIds, displayName: 'Bench', csrfToken: '',
  });
  const viewerOf = (orgUnitIds: string[]): Viewer => {
    const p = principal(orgUnitIds);
    return { tenantId: f.tenantId, orgUnitIds, userId: f.caseworkerId, permissions: permissionsOf(p), actor: actorOf(p) };
  };
  const all = viewerOf([]);
  const scoped = viewerOf([f.orgUnitIds[0]!]);
  const table: string[][] = [];
  const measure = async (name: string, fn: () => Promise<unknown>, n = 300) => {
    const s = summarize(await timeSequential(async () => { await fn(); }, n, 10, 60));
    table.push([name, String(s.n), ms(s.p50), ms(s.p95)]);
    log(`${name}: p50 ${ms(s.p50)} ms, p95 ${ms(s.p95)} ms (n=${s.n})`);
  };

  await measure('counts, full count (before), all units', () => withTenant(db, all, (trx) => countCasesByStatus(trx, all, {})), 15);
  await measure('counts, full count (before), one unit', () => withTenant(db, scoped, (trx) => countCasesByStatus(trx, scoped, {})), 15);
  await measure('counts from counters, all units', () => countCases(db, all, {}));
  await measure('counts from counters, one unit', () => countCases(db, scoped, {}));
  await measure('counts from counters, service + assignee', () => countCases(db, all, { serviceId: f.services[0]!.id, assignee: f.userIds[0] }));
  await measure('counts with search "Baum" (before: every match)', () => withTenant(db, all, (trx) => countCasesByStatus(trx, all, { q: 'Baum' })), 15);
  await measure('counts with search "Baum", bounded to 1,001', () => countCases(db, all, { q: 'Baum' }), 50);
  await measure('counts with received range (a month), bounded', () => countCases(db, all, { receivedFrom: '2026-01-01', receivedTo: '2026-01-31' }), 50);

  // Database time of the counters query (EXPLAIN ANALYZE execution time), and with 5 s worth of pending deltas.
  const explain = async (label: string) => {
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      times.push(await withTenant(db, all, async (trx) => {
        const { rows: plan } = await sql<{ 'QUERY PLAN': Array<{ 'Execution Time': number; 'Planning Time': number }> }>`explain (analyze, format json)
          select status, sum(n) from (select status, n from case_counts where tenant_id = ${f.tenantId}
          union all select status, n from case_count_deltas where tenant_id = ${f.tenantId}) c group by status`.execute(trx);
        const p = plan[0]!['QUERY PLAN'][0]!;
        return p['Execution Time'] + p['Planning Time'];
      }));
    }
    const s = summarize(times);
    table.push([`database time of the counters query (${label})`, String(s.n), ms(s.p50), ms(s.p95)]);
  };
  await explain('folded');
  await admin.query(`insert into case_count_deltas (tenant_id, org_unit_id, service_id, assignee_id, status, n)
    select tenant_id, org_unit_id, service_id, assignee_id, status, 1 from case_counts, generate_series(1, 2) where tenant_id = $1 limit 1000`, [f.tenantId]);
  await admin.query('analyze case_count_deltas');
  await explain('1,000 pending deltas');
  await admin.query('select case_counts_fold()');

  // Dashboard: everything uncached (what each call cost before) and with the 60 s cache warm.
  await measure('dashboard, cache miss (all figures computed)', () => dashboardStats(db, createDashboardCache(), all), 10);
  const warm = createDashboardCache();
  await measure('dashboard, cache warm (status from counters)', () => dashboardStats(db, warm, all));

  // What the triggers add to a write: one status change, and a 16-case insert (an intake batch).
  const caseId = (await admin.query<{ id: string }>('select id from cases where tenant_id = $1 and status = $2 limit 1', [f.tenantId, 'new'])).rows[0]!.id;
  const write = async (statement: string) => {
    const client = await admin.connect();
    try {
      const times = await timeSequential(async () => {
        await client.query('begin');
        await client.query(statement, [caseId]);
        await client.query('rollback');
      }, 300, 20, 30);
      return summarize(times);
    } finally {
      client.release();
    }
  };
  const update = `update cases set status = case when status = 'new' then 'accepted' else 'new' end, version = version + 1 where id = $1`;
  const insert = `insert into cases (id, tenant_id, case_number, service_id, org_unit_id, status, title, applicant, applicant_name, form_data, channel, received_at, updated_at)
    select gen_random_uuid(), c.tenant_id, c.case_number || '-x' || g, c.service_id, c.org_unit_id, 'new', c.title, c.applicant, c.applicant_name, c.form_data, c.channel, now(), now()
    from cases c, generate_series(1, 16) g where c.id = $1`;
  for (const [name, statement] of [['status change of one case', update], ['insert of 16 cases', insert]] as const) {
    const on = await write(statement);
    await admin.query('alter table cases disable trigger cases_count_insert, disable trigger cases_count_update');
    const off = await write(statement);
    await admin.query('alter table cases enable trigger cases_count_insert, enable trigger cases_count_update');
    table.push([`${name}: with counters / without (rolled back)`, String(on.n), `${ms(on.p50)} / ${ms(off.p50)}`, `${ms(on.p95)} / ${ms(off.p95)}`]);
  }
  console.log(`\n${markdownTable(['measured', 'n', 'p50 ms', 'p95 ms'], table)}`);
  await admin.end();
  await db.close();
} finally {
  server.stop();
}
