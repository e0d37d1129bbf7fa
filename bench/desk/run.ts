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
import { seedDesk } from './seed.js';
import { helperScenarios, TARGETS } from './helper-scenarios.js';
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

/** "SVA-2026-0099987" → "2026-009998": the middle of a case number. */
const numberFragment = (caseNumber: string) => caseNumber.slice(caseNumber.indexOf('-') + 1, -1);
const log = (msg: string) => console.log(`[bench:desk ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const server = await startPostgres({
  shared_buffers: '2GB', work_mem: '32MB', maintenance_work_mem: '1GB', max_wal_size: '16GB', checkpoint_timeout: '30min',
  wal_level: 'minimal', max_wal_senders: '0', autovacuum: 'off', max_parallel_maintenance_workers: '2',
});
const cleanup = () => server.stop();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { cleanup(); process.exit(130); });
const timings = { insertSeconds: 0, indexSeconds: 0, vacuumAnalyzeSeconds: 0 };
try {
  log(`${server.version}; scale ${scale}: ${mainCases.toLocaleString('en')} cases in the measured tenant, ${totalCases.toLocaleString('en')} in total`);
  const db = await openDatabase({ databaseUrl: server.url, poolSize: 10 });
  const admin = new pg.Pool({ connectionString: server.url, max: 3 });

  // 1. Data (with deadlines, grants to tenant 2 and absences: sharing-seed.ts) ----------------------
  const seeded = await seedDesk(admin, mainCases, totalCases, log);
  const { main, helper } = seeded;
  Object.assign(timings, seeded.timings);
  const size = (await admin.query<{ s: string }>(`select pg_size_pretty(pg_total_relation_size('cases')) as s`)).rows[0]!.s;
  log(`data ready; cases table ${size}`);

  // 2. The real app on a real socket ---------------------------------------------------------------
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-bench-app-'));
  const config = { ...loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }) };
  const app = await buildApp({ db, config, blobs: new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes) }, { logger: false });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const session = await createUserSession(db, main.tenantId, main.caseworkerId, 8);
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}` };
  const principal: UserPrincipal = { kind: 'user', tenantId: main.tenantId, userId: main.caseworkerId, displayName: 'Bench', roles: ['caseworker'], orgUnitIds: [], csrfToken: '' };
  const viewer: Viewer = { tenantId: main.tenantId, orgUnitIds: [], userId: main.caseworkerId, permissions: permissionsOf(principal), actor: actorOf(principal) };
  // The caseworker of tenant 2, scoped to the org unit that works the measured tenant's delegated cases.
  const helperSession = await createUserSession(db, helper.tenant.tenantId, helper.userId, 8);
  const helperHeaders = { cookie: `${SESSION_COOKIE}=${helperSession.token}` };
  const helperPrincipal: UserPrincipal = { ...principal, tenantId: helper.tenant.tenantId, userId: helper.userId, orgUnitIds: [helper.orgUnitId] };
  const helperViewer: Viewer = { tenantId: helper.tenant.tenantId, orgUnitIds: [helper.orgUnitId], userId: helper.userId, permissions: permissionsOf(helperPrincipal), actor: actorOf(helperPrincipal) };
  const get = async (path: string, as?: 'helper') => {
    const res = await fetch(`${address}${path}`, { headers: as === 'helper' ? helperHeaders : headers });
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
    // With deadlines present (issue 18): the inbox by due day, the overdue ones, those due within a
    // week (the desk's "bald fällig"), and the cases of the colleague the caseworker stands in for.
    inboxScenario('Inbox sorted by deadline (sort=due)', { sort: 'due' }),
    inboxScenario('Inbox, deadline overdue, by due day', { deadline: 'overdue', sort: 'due' }),
    inboxScenario('Inbox, due within 7 days, by due day', { dueWithin: 7, sort: 'due' }),
    inboxScenario('Inbox, „in Vertretung“ (deputy filter)', { deputy: true }),
    ...extraScenarios(main),
    ...(await helperScenarios(admin, helper)),
  ];
  const client = await baselineClient(server.url);
  const results: Array<{ name: string; path: string; target?: number; api: Summary; baseline?: Summary; before?: Summary; statements: number; items: number }> = [];
  for (const scenario of scenarios) {
    const captured = await captureScenario(server.url, scenario.as === 'helper' ? helperViewer : viewer, scenario);
    const body = await get(scenario.path, scenario.as);
    const parsed = JSON.parse(body) as { items?: unknown[] };
    const items = parsed.items?.length ?? (scenario.as === 'helper' ? 1 : 0);
    const apiSamples = await timeSequential(async () => { await get(scenario.path, scenario.as); }, iterations, warmup, maxSeconds);
    const baseSamples = captured ? await timeSequential(() => replay(client, captured), iterations, warmup, maxSeconds) : undefined;
    // Search in the measured tenant: also the SQL of the search before migration 0013 (sort and limit after all matches).
    const q = new URL(scenario.path, 'http://x').searchParams.get('q');
    const legacy = q && !scenario.as ? legacySearchStatements(main.tenantId, q) : undefined;
    const before = legacy ? summarize(await timeSequential(() => replay(client, legacy), iterations, warmup, maxSeconds)) : undefined;
    const target = TARGETS(scenario);
    const result = { name: scenario.name, path: scenario.path, target, api: summarize(apiSamples), baseline: baseSamples && summarize(baseSamples), before, statements: captured?.length ?? 0, items };
    results.push(result);
    log(`${scenario.name}: API p50 ${ms(result.api.p50)} / p95 ${ms(result.api.p95)} / p99 ${ms(result.api.p99)} ms; SQL p50 ${ms(result.baseline?.p50 ?? NaN)} / p95 ${ms(result.baseline?.p95 ?? NaN)} ms (${items} rows)${
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
    ['Scenario', 'n', 'API p50 ms', 'API p95 ms', 'API p99 ms', 'target p95', 'SQL p50 ms', 'SQL p95 ms', 'p50 ratio', 'p95 ratio', 'SQL before 0013 p50 / p95 ms'],
    results.map((r) => [r.name, `${r.api.n}/${r.baseline?.n ?? '–'}`, ms(r.api.p50), ms(r.api.p95), ms(r.api.p99),
      r.target ? `< ${r.target} ms: ${r.api.p95 < r.target ? 'met' : 'MISSED'}` : '–',
      ms(r.baseline?.p50 ?? NaN), ms(r.baseline?.p95 ?? NaN), ratio(r.api.p50, r.baseline?.p50 ?? 0), ratio(r.api.p95, r.baseline?.p95 ?? 0),
      r.before ? `${ms(r.before.p50)} / ${ms(r.before.p95)}` : '–']),
  ));
  console.log(`\nInitial web bundle (gzip -9): ${(bundle.gzipBytes / 1024).toFixed(1)} KiB of ${bundle.targetBytes / 1024} KiB — ${bundle.met ? 'met' : 'MISSED'}`);
  console.log(`Data generation: insert ${timings.insertSeconds.toFixed(0)} s, indexes ${timings.indexSeconds.toFixed(0)} s, vacuum analyze ${timings.vacuumAnalyzeSeconds.toFixed(0)} s`);
} finally {
  cleanup();
}
