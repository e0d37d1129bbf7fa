/**
 * npm run bench:intake — applications per second and latency of the intake API (see docs/performance.md).
 * For PostgreSQL (throwaway server) and PGlite (on disk): native JSON with 0, 1 and 5 attachments of
 * 200 KB and OZG-Cloud POST /antrag, closed loop with a bounded concurrency; a paced run at 200/s;
 * next to a bare Fastify + single INSERT baseline in the same run. Loopback only, bounded; the load
 * generator runs in its own process on raw sockets (load.ts, raw-http.ts) and every closed-loop run
 * reports CPU per application of server, PostgreSQL and generator. BENCH_REPEAT rounds (default 3) of
 * each closed-loop run, and of each paced run on PostgreSQL, API and baseline alternating; the median
 * round is reported with the range. BENCH_SCENARIOS picks scenarios (0–5, paced0, paced1, paced0m,
 * paced1m); BENCH_CPU_PROFILE=dir writes CPU profiles; BENCH_PG_STATEMENTS=1 prints pg_stat_statements;
 * BENCH_PREP runs ';'-separated SQL as administrator before the scenarios (e.g. drop an index to see its cost).
 * Each measured twice: one municipality (all applications contend for its case-number counter and
 * event chain) and BENCH_TENANTS municipalities (default 20) served round-robin, as a state-wide
 * installation spreads its load. BENCH_REQUESTS (default 1000) scales the request counts;
 * BENCH_CONCURRENCY (default 16); BENCH_ENGINES (default "postgres,pglite"); BENCH_RESULTS names the results file.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { startPostgres } from '../lib/postgres-server.mjs';
import { markdownTable, ms, summarize, type Summary } from '../lib/stats.js';
import { openDatabase, type Database } from '../../server/src/db/database.js';
import { createTestApp } from '../../server/test/app.js';
import { loadConfig } from '../../server/src/config.js';

/** One token sends the whole load, far above the per-token limit a real sender gets (it is still counted). */
const UNLIMITED_SENDER = { rateLimits: { ...loadConfig({}).rateLimits, intakePerTokenPerSecond: 1_000_000 } };
import type { TestDatabase } from '../../server/test/db.js';
import { intakeWorld } from '../../server/test/intake-kit.js';
import { startBaselineApp } from './baseline-app.js';
import { cpuSince, type CpuShare } from '../lib/cpu.js';
import { inProcess, type LoadOptions, type LoadResult } from './load.js';
import type { RequestSpec } from './requests.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 20);
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',');
const log = (msg: string) => console.log(`[bench:intake ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const native = (url: string, headers: Array<Record<string, string>>, files: number): RequestSpec => ({ kind: 'native', url, headers, files });
const SCENARIOS = process.env.BENCH_SCENARIOS?.split(',');
/** BENCH_CPU_PROFILE=dir writes a V8 CPU profile of the server process for each measured API run. */
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const closed = (spec: RequestSpec, n: number, concurrency: number, profileAs?: string) => withCpu({ spec, mode: 'closed', n, concurrency }, profileAs);

async function startCpuProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file: string) => {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(PROFILE_DIR!, { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** One load run, and the CPU milliseconds per request that the server process, PostgreSQL and the load generator used. */
async function withCpu(options: LoadOptions, profileAs?: string): Promise<LoadResult & { cpu: CpuShare & { loadMs: number } }> {
  const profile = profileAs && PROFILE_DIR ? await startCpuProfile() : undefined;
  const since = cpuSince();
  const result = await inProcess(options);
  const { serverMs, postgresMs } = since();
  await profile?.(join(PROFILE_DIR!, `${profileAs!.replace(/[^\w-]+/g, '_')}.cpuprofile`));
  return { ...result, cpu: { serverMs: serverMs / options.n, postgresMs: postgresMs / options.n, loadMs: result.generatorCpuMs / options.n } };
}
type Measured = Awaited<ReturnType<typeof withCpu>>;
/** The round with the median of key (the middle one of an odd number). */
const medianBy = <T>(runs: T[], key: (run: T) => number) => [...runs].sort((a, b) => key(a) - key(b))[Math.floor(runs.length / 2)]!;
const median = (runs: Measured[]) => medianBy(runs, (r) => r.seconds);
const range = (runs: Measured[], n: number) => {
  const rates = runs.map((r) => n / r.seconds);
  return `${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}`;
};
const cpuText = (c?: Row['cpu']) => (c ? `${c.serverMs.toFixed(2)} / ${c.postgresMs.toFixed(2)} / ${c.loadMs.toFixed(2)}` : '–');

interface Row { engine: string; scenario: string; mode: string; requests: number; perSecond: number; latency: Summary; errors: number; baselinePerSecond?: number; baselineLatency?: Summary; cpu?: CpuShare & { loadMs: number }; baselineCpu?: CpuShare & { loadMs: number }; range?: string; baselineRange?: string }

async function benchEngine(engine: string, db: Database, asAdmin: (s: string) => Promise<void>, rows: Row[]) {
  const api = await createTestApp(db, UNLIMITED_SENDER);
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  for (const q of (process.env.BENCH_PREP ?? '').split(';').filter(Boolean)) await asAdmin(q);
  const world = await intakeWorld({ db } as TestDatabase);
  const worlds: Array<Awaited<ReturnType<typeof intakeWorld>>> = [];
  for (let t = 0; t < TENANTS; t++) worlds.push(await intakeWorld({ db } as TestDatabase, { ags: String(1_002_001 + t).padStart(8, '0') }));
  const roundRobin = worlds.map((w) => w.headers);
  const one = [world.headers];
  const many = `${TENANTS} municipalities round-robin`;
  const baseline = await startBaselineApp(db, asAdmin);
  const check = (what: string, r: LoadResult) => {
    if (r.errors) throw new Error(`${engine} ${what}: ${r.errors} failed requests, first: ${r.firstError}`);
  };
  try {
    const apiUrl = `${address}/api/intake/applications`;
    const scenarios = [
      { name: 'Native JSON, 0 attachments', n: REQUESTS, api: native(apiUrl, one, 0), base: native(baseline.url, [], 0) },
      { name: 'Native JSON, 1 × 200 KB', n: Math.ceil(REQUESTS / 2), api: native(apiUrl, one, 1), base: native(baseline.url, [], 1) },
      { name: 'Native JSON, 5 × 200 KB', n: Math.ceil(REQUESTS / 5), api: native(apiUrl, one, 5), base: native(baseline.url, [], 5) },
      { name: 'OZG-Cloud /antrag, 0 attachments', n: Math.ceil(REQUESTS / 2), api: { kind: 'ozg', url: `${address}/antrag`, headers: one, files: 0 } as RequestSpec, base: null },
      { name: `Native JSON, 0 attachments, ${many}`, n: REQUESTS, api: native(apiUrl, roundRobin, 0), base: native(baseline.url, [], 0) },
      { name: `Native JSON, 1 × 200 KB, ${many}`, n: Math.ceil(REQUESTS / 2), api: native(apiUrl, roundRobin, 1), base: native(baseline.url, [], 1) },
    ];
    for (const s of scenarios.filter((_, i) => !SCENARIOS || SCENARIOS.includes(String(i)))) {
      await closed(s.api, Math.min(50, s.n), 4); // warm-up
      if (s.base) await closed(s.base, Math.min(50, s.n), 4);
      // REPEAT rounds, API and baseline alternating so that a noisy neighbour hits both; the median
      // round (by throughput) of each is reported, with the range.
      const api: Measured[] = [];
      const base: Measured[] = [];
      for (let round = 0; round < REPEAT; round++) {
        api.push(await closed(s.api, s.n, CONCURRENCY, round === 0 ? `${engine} ${s.name}` : undefined));
        check(s.name, api.at(-1)!);
        if (s.base) {
          base.push(await closed(s.base, s.n, CONCURRENCY));
          check(`${s.name} (baseline)`, base.at(-1)!);
        }
      }
      const measured = median(api);
      const row: Row = { engine, scenario: s.name, mode: `closed loop, ${CONCURRENCY} in flight`, requests: s.n, perSecond: s.n / measured.seconds, latency: summarize(measured.samples), errors: measured.errors, cpu: measured.cpu, range: range(api, s.n) };
      if (s.base) {
        const b = median(base);
        row.baselinePerSecond = s.n / b.seconds;
        row.baselineLatency = summarize(b.samples);
        row.baselineCpu = b.cpu;
        row.baselineRange = range(base, s.n);
      }
      rows.push(row);
      log(`${engine} ${s.name}: ${row.perSecond.toFixed(0)}/s (${row.range}) p50 ${ms(row.latency.p50)} p99 ${ms(row.latency.p99)} ms` +
        ` (CPU ms/app server / PG / load ${cpuText(row.cpu)})` +
        (row.baselinePerSecond ? `; baseline ${row.baselinePerSecond.toFixed(0)}/s (${row.baselineRange}) p99 ${ms(row.baselineLatency!.p99)} ms (CPU ${cpuText(row.baselineCpu)})` : ''));
    }
    for (const [files, senders, who] of [[0, one, ''], [1, one, ''], [0, roundRobin, `, ${many}`], [1, roundRobin, `, ${many}`]] as const) {
      if (SCENARIOS && !SCENARIOS.includes(`paced${files}${who ? 'm' : ''}`)) continue;
      const n = Math.min(REQUESTS, 1000);
      await closed(native(apiUrl, senders, files), 50, 4); // warm-up, as for the closed-loop runs
      await closed(native(baseline.url, [], files), 50, 4);
      // PostgreSQL (the target's engine): REPEAT rounds, alternating, the round with the median p99 reported.
      const rounds = engine === 'PostgreSQL' ? REPEAT : 1;
      const api: LoadResult[] = [];
      const base: LoadResult[] = [];
      for (let round = 0; round < rounds; round++) {
        api.push(await inProcess({ spec: native(apiUrl, senders, files), mode: 'paced', n, perSecond: 200 }));
        check(`paced ${files}${who}`, api.at(-1)!);
        base.push(await inProcess({ spec: native(baseline.url, [], files), mode: 'paced', n, perSecond: 200 }));
      }
      const p99s = api.map((x) => summarize(x.samples).p99);
      const r = medianBy(api, (x) => summarize(x.samples).p99);
      const b = medianBy(base, (x) => summarize(x.samples).p99);
      const row: Row = { engine, scenario: `Native JSON, ${files ? '1 × 200 KB' : '0 attachments'}${who}`, mode: 'paced 200/s', requests: n, perSecond: n / r.seconds, latency: summarize(r.samples), errors: r.errors, baselinePerSecond: n / b.seconds, baselineLatency: summarize(b.samples),
        range: rounds > 1 ? `p99 ${ms(Math.min(...p99s))}–${ms(Math.max(...p99s))}` : undefined };
      rows.push(row);
      log(`${engine} paced 200/s, ${files} attachments${who}: p50 ${ms(row.latency.p50)} p99 ${ms(row.latency.p99)} ms${row.range ? ` (${row.range})` : ''}; baseline p99 ${ms(row.baselineLatency!.p99)} ms`);
    }
  } finally {
    await baseline.close();
    await api.close();
  }
}

async function benchPostgres(rows: Row[]): Promise<string> {
  // BENCH_PG_STATEMENTS=1 prints where PostgreSQL spent its time (pg_stat_statements, nested statements included).
  const statements = process.env.BENCH_PG_STATEMENTS === '1';
  const server = await startPostgres({ shared_buffers: '512MB', max_wal_size: '4GB', ...(statements ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on' } : {}),
    ...JSON.parse(process.env.BENCH_PG_SETTINGS ?? '{}') });
  try {
    log(`${server.version}; ${REQUESTS} requests per scenario (fewer with attachments), ${CONCURRENCY} in flight`);
    const db = await openDatabase({ databaseUrl: server.url, poolSize: 10 });
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    if (statements) await admin.query('create extension if not exists pg_stat_statements');
    await benchEngine('PostgreSQL', db, async (s) => { await admin.query(s); }, rows);
    if (statements) {
      const top = await admin.query(`select round(total_exec_time::numeric, 1) as ms, round(total_plan_time::numeric, 1) as plan_ms, calls, round((total_exec_time / greatest(calls, 1))::numeric, 3) as per_call, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
        from pg_stat_statements order by total_exec_time + total_plan_time desc limit 25`);
      console.table(top.rows);
    }
    await admin.end();
    await db.close();
    return server.version;
  } finally {
    if (process.env.BENCH_PG_LOG) copyFileSync(join(server.dir, 'log'), process.env.BENCH_PG_LOG);
    server.stop();
  }
}

async function benchPglite(rows: Row[]): Promise<void> {
  const pgliteDir = mkdtempSync(join(tmpdir(), 'amtsdesk-bench-pglite-'));
  try {
    const db = await openDatabase({ pgliteDir });
    const asAdmin = (s: string) => db.kysely.connection().execute(async (conn) => {
      await sql`reset role`.execute(conn);
      try { await sql.raw(s).execute(conn); } finally { await sql`set role amtsdesk_app`.execute(conn); }
    });
    await benchEngine('PGlite', db, asAdmin, rows);
    await db.close();
  } finally {
    rmSync(pgliteDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
const postgresVersion = ENGINES.includes('postgres') ? await benchPostgres(rows) : '–';
if (ENGINES.includes('pglite')) await benchPglite(rows);

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: postgresVersion };
mkdirSync(join(import.meta.dirname, '../results'), { recursive: true });
writeFileSync(join(import.meta.dirname, `../results/${process.env.BENCH_RESULTS ?? 'intake'}.json`), `${JSON.stringify({ date: new Date().toISOString(), requests: REQUESTS, concurrency: CONCURRENCY, repeat: REPEAT, tenants: TENANTS, machine, rows }, null, 2)}\n`);
console.log('\n## bench:intake\n');
console.log(markdownTable(
  ['Engine', 'Scenario', 'Mode', 'n', 'API apps/s', 'range', 'API p50 ms', 'API p95 ms', 'API p99 ms', 'Baseline apps/s', 'range', 'Baseline p99 ms', 'Throughput ratio', 'CPU ms/app API: server / PG / load', 'CPU ms/app baseline'],
  rows.map((r) => [r.engine, r.scenario, r.mode, String(r.requests), r.perSecond.toFixed(0), r.range ?? '–', ms(r.latency.p50), ms(r.latency.p95), ms(r.latency.p99),
    r.baselinePerSecond ? r.baselinePerSecond.toFixed(0) : '–', r.baselineRange ?? '–', r.baselineLatency ? ms(r.baselineLatency.p99) : '–',
    r.baselinePerSecond ? `${(r.perSecond / r.baselinePerSecond).toFixed(2)}×` : '–', cpuText(r.cpu), cpuText(r.baselineCpu)]),
));
