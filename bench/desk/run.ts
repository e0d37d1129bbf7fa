/**
 * npm run bench:desk — the caseworker's desk under load (see docs/performance.md).
 * Generates cases on a throwaway PostgreSQL server, then measures inbox, filtered, deep page and
 * full-text search through the real HTTP API next to the same SQL replayed directly.
 * Scale: BENCH_SCALE=0.1 (default 1 = 1,000,000 cases in the measured tenant, 5,000,000 in total),
 * or --cases N / --total N. BENCH_ITERATIONS (default 200) measured requests per scenario, each side
 * bounded to BENCH_MAX_SECONDS (default 60; slow scenarios then have fewer samples, reported as n).
 */
import { mkdirSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../lib/postgres-server.mjs';
import { measureInitialBundle } from '../lib/bundle-size.mjs';
import { markdownTable, ms, ratio, summarize, timeSequential, type Summary } from '../lib/stats.js';
import { openDatabase } from '../../server/src/db/database.js';
import { loadConfig } from '../../server/src/config.js';
import { buildApp } from '../../server/src/main/app.js';
import { FsBlobStore } from '../../server/src/blobs/fs-blob-store.js';
import { createUserSession, SESSION_COOKIE } from '../../server/src/auth/sessions.js';
import { actorOf, permissionsOf, type UserPrincipal } from '../../server/src/auth/principal.js';
import type { Viewer } from '../../server/src/cases/viewer.js';
import { caseChunkSql, createTenantFixture, runChunks, runParallel, secondaryCaseIndexes } from './generate.js';
import { baselineClient, replay } from './baseline.js';
import { captureScenario, inboxScenario, type Scenario } from './scenarios.js';
import { extraScenarios } from './extra-scenarios.js';
import { legacySearchStatements } from './legacy-search.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const scale = Number(process.env.BENCH_SCALE ?? 1);
const mainCases = Math.round(Number(arg('cases') ?? 1_000_000 * scale));
const totalCases = Math.max(mainCases, Math.round(Number(arg('total') ?? 5 * mainCases)));
const iterations = Number(process.env.BENCH_ITERATIONS ?? 200);
const warmup = Number(process.env.BENCH_WARMUP ?? 20);
const maxSeconds = Number(process.env.BENCH_MAX_SECONDS ?? 60);
const OTHER_TENANTS = 8;
const CHUNK = 100_000;

/** "SVA-2026-0099987" → "2026-009998": the middle of a case number. */
const numberFragment = (caseNumber: string) => caseNumber.slice(caseNumber.indexOf('-') + 1, -1);
const log = (msg: string) => console.log(`[bench:desk ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const seconds = (t0: number) => (performance.now() - t0) / 1000;

const server = await startPostgres({
  shared_buffers: '2GB', work_mem: '32MB', maintenance_work_mem: '1GB', max_wal_size: '16GB', checkpoint_timeout: '30min',
  wal_level: 'minimal', max_wal_senders: '0', autovacuum: 'off', max_parallel_maintenance_workers: '2',
});
const cleanup = () => server.stop();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { cleanup(); process.exit(130); });
const timings: Record<string, number> = {};
try {
  log(`${server.version}; scale ${scale}: ${mainCases.toLocaleString('en')} cases in the measured tenant, ${totalCases.toLocaleString('en')} in total`);
  const db = await openDatabase({ databaseUrl: server.url, poolSize: 10 });
  const admin = new pg.Pool({ connectionString: server.url, max: 3 });

  // 1. Data --------------------------------------------------------------------------------------
  let t0 = performance.now();
  const main = await createTenantFixture(admin, 1);
  const others = [];
  for (let i = 0; i < OTHER_TENANTS; i++) others.push(await createTenantFixture(admin, i + 2));
  const indexes = await secondaryCaseIndexes(admin);
  for (const index of indexes) await admin.query(`drop index ${index.name}`);
  const start = new Date(Date.now() - 730 * 86400_000);
  const chunks: Array<{ sql: string; rows: number }> = [];
  const plan = [{ f: main, n: mainCases }, ...others.map((f, i) => {
    const rest = totalCases - mainCases;
    const share = Math.floor(rest / OTHER_TENANTS) + (i < rest % OTHER_TENANTS ? 1 : 0);
    return { f, n: share };
  })];
  for (const { f, n } of plan) {
    for (let lo = 1; lo <= n; lo += CHUNK) chunks.push({ sql: caseChunkSql(f, lo, Math.min(n, lo + CHUNK - 1), n, start), rows: Math.min(n, lo + CHUNK - 1) - lo + 1 });
  }
  let inserted = 0;
  let lastReport = 0;
  await runChunks(admin, chunks, 2, (rows) => {
    inserted += rows;
    if (performance.now() - lastReport > 15_000 || inserted === totalCases) {
      lastReport = performance.now();
      log(`inserted ${inserted.toLocaleString('en')} / ${totalCases.toLocaleString('en')} cases (${(inserted / seconds(t0)).toFixed(0)}/s)`);
    }
  });
  timings.insertSeconds = seconds(t0);
  t0 = performance.now();
  await runParallel(admin, indexes.map((i) => i.definition), 2, (statement, took) => log(`${(took / 1000).toFixed(1)} s  ${statement.slice(0, 90)}`));
  timings.indexSeconds = seconds(t0);
  // The load ran with triggers off: the status counters (migration 0034) are counted once here.
  await admin.query('select case_counts_rebuild()');
  t0 = performance.now();
  await admin.query('vacuum analyze');
  timings.vacuumAnalyzeSeconds = seconds(t0);
  const size = (await admin.query<{ s: string }>(`select pg_size_pretty(pg_total_relation_size('cases')) as s`)).rows[0]!.s;
  log(`data ready: insert ${timings.insertSeconds.toFixed(0)} s, indexes ${timings.indexSeconds.toFixed(0)} s, vacuum analyze ${timings.vacuumAnalyzeSeconds.toFixed(0)} s; cases table ${size}`);

  // 2. The real app on a real socket ---------------------------------------------------------------
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-bench-app-'));
  const config = { ...loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }) };
  const app = await buildApp({ db, config, blobs: new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes) }, { logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const session = await createUserSession(db, main.tenantId, main.caseworkerId, 8);
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}` };
  const principal: UserPrincipal = { kind: 'user', tenantId: main.tenantId, userId: main.caseworkerId, displayName: 'Bench', roles: ['caseworker'], orgUnitIds: [], csrfToken: '' };
  const viewer: Viewer = { tenantId: main.tenantId, orgUnitIds: [], userId: main.caseworkerId, permissions: permissionsOf(principal), actor: actorOf(principal) };
  const get = async (path: string) => {
    const res = await fetch(`${address}${path}`, { headers });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${body.slice(0, 300)}`);
    return body;
  };

  // The cursor of page 50 of the inbox, followed through the API.
  let cursor: string | undefined;
  for (let page = 1; page < 50; page++) {
    const body = JSON.parse(await get(`/api/cases?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)) as { nextCursor: string | null };
    if (!body.nextCursor) break; // fewer than 50 pages: the last one there is
    cursor = body.nextCursor;
  }
  const busiest = main.services[4]!;
  // A case number prefix that matches a handful of cases: the newest case's number without its last two digits.
  const newest = (await admin.query<{ n: string }>('select case_number as n from cases where tenant_id = $1 order by received_at desc limit 1', [main.tenantId])).rows[0]!.n;
  const scenarios: Scenario[] = [
    inboxScenario('Inbox, first page', {}),
    inboxScenario(`Filtered page (status in_progress + service „${busiest.name}“)`, { status: ['in_progress'], serviceId: busiest.id }),
    inboxScenario('Deep page (page 50 via nextCursor)', { cursor }),
    inboxScenario('Full-text search, form word „Sturmschaden“', { q: 'Sturmschaden' }),
    inboxScenario('Full-text search, name „Krüger“', { q: 'Krüger' }),
    inboxScenario(`Search, case number prefix „${newest.slice(0, -2)}“`, { q: newest.slice(0, -2) }),
    // Trigram search (migration 0015): a misspelt surname (Hoffmann, Hofmann) and the middle of a case
    // number (without unit code and last digit: the ten newest numbers, in every tenant).
    inboxScenario('Search, misspelt surname „Hofman“', { q: 'Hofman' }),
    inboxScenario(`Search, case number fragment „${numberFragment(newest)}“`, { q: numberFragment(newest) }),
    ...extraScenarios(main),
  ];
  const client = await baselineClient(server.url);
  const results: Array<{ name: string; path: string; api: Summary; baseline: Summary; before?: Summary; statements: number; items: number }> = [];
  for (const scenario of scenarios) {
    const captured = await captureScenario(server.url, viewer, scenario);
    const body = await get(scenario.path);
    const items = (JSON.parse(body) as { items?: unknown[] }).items?.length ?? 0;
    const apiSamples = await timeSequential(async () => { await get(scenario.path); }, iterations, warmup, maxSeconds);
    const baseSamples = await timeSequential(() => replay(client, captured), iterations, warmup, maxSeconds);
    // Search: also the SQL of the search before migration 0013 (sort and limit after all matches).
    const q = new URL(scenario.path, 'http://x').searchParams.get('q');
    const legacy = q ? legacySearchStatements(main.tenantId, q) : undefined;
    const before = legacy ? summarize(await timeSequential(() => replay(client, legacy), iterations, warmup, maxSeconds)) : undefined;
    const result = { name: scenario.name, path: scenario.path, api: summarize(apiSamples), baseline: summarize(baseSamples), before, statements: captured.length, items };
    results.push(result);
    log(`${scenario.name}: API p50 ${ms(result.api.p50)} / p95 ${ms(result.api.p95)} ms; SQL p50 ${ms(result.baseline.p50)} / p95 ${ms(result.baseline.p95)} ms (${items} rows)${
      before ? `; SQL before 0013 p50 ${ms(before.p50)} / p95 ${ms(before.p95)} ms (n ${before.n})` : ''}`);
  }
  await client.end();
  await app.close();
  await admin.end();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });

  // 3. Bundle -------------------------------------------------------------------------------------
  const bundle = measureInitialBundle();

  // 4. Report -------------------------------------------------------------------------------------
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: server.version };
  const report = { date: new Date().toISOString(), scale, mainCases, totalCases, iterations, warmup, machine, timings, casesTableSize: size, results, bundle };
  mkdirSync(join(import.meta.dirname, '../results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, `../results/desk-scale-${scale}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n## bench:desk — ${mainCases.toLocaleString('en')} cases in the tenant, ${totalCases.toLocaleString('en')} in total (scale ${scale})\n`);
  console.log(markdownTable(
    ['Scenario', 'n', 'API p50 ms', 'API p95 ms', 'SQL p50 ms', 'SQL p95 ms', 'p50 ratio', 'p95 ratio', 'SQL before 0013 p50 / p95 ms'],
    results.map((r) => [r.name, `${r.api.n}/${r.baseline.n}`, ms(r.api.p50), ms(r.api.p95), ms(r.baseline.p50), ms(r.baseline.p95), ratio(r.api.p50, r.baseline.p50), ratio(r.api.p95, r.baseline.p95),
      r.before ? `${ms(r.before.p50)} / ${ms(r.before.p95)}` : '–']),
  ));
  console.log(`\nInitial web bundle (gzip -9): ${(bundle.gzipBytes / 1024).toFixed(1)} KiB of ${bundle.targetBytes / 1024} KiB — ${bundle.met ? 'met' : 'MISSED'}`);
  console.log(`Data generation: insert ${timings.insertSeconds.toFixed(0)} s, indexes ${timings.indexSeconds.toFixed(0)} s, vacuum analyze ${timings.vacuumAnalyzeSeconds.toFixed(0)} s`);
} finally {
  cleanup();
}
