/**
 * npm run bench:intake — the intake API as a data centre runs it (issue 19): `amtsdesk start` in
 * production mode as its own process (bench/lib/production-app.ts) on a PostgreSQL with its default
 * durability (fsync, synchronous_commit, full_page_writes on). The baseline — a bare Fastify server
 * with one INSERT per application (baseline-app.ts) — uses the same PostgreSQL server and pool size.
 * The load generator is a third process (load.ts). Load: one municipality, 20 and 1,500 municipalities
 * served round-robin; closed loop (throughput) and paced 200/s (latency). BENCH_REPEAT rounds (default
 * 3), API and baseline alternating, the median round reported with the range. BENCH_REQUESTS (default
 * 1000), BENCH_CONCURRENCY (default 16), BENCH_TENANTS_MANY (default 1500), BENCH_RESULTS names the file.
 * The in-process variant (no logger, no workers; for profiling) is `npm run bench:intake:inprocess`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../lib/postgres-server.mjs';
import { DURABLE, startProductionApp } from '../lib/production-app.js';
import { markdownTable, ms, summarize, type Summary } from '../lib/stats.js';
import { cpuSince } from '../lib/cpu.js';
import { cpuBetween, cpuReading, postmasterOf } from '../desk/pg-cpu.js';
import { openDatabase } from '../../server/src/db/database.js';
import type { TestDatabase } from '../../server/test/db.js';
import { intakeWorld } from '../../server/test/intake-kit.js';
import { startBaselineApp } from './baseline-app.js';
import { inProcess, type LoadOptions, type LoadResult } from './load.js';
import type { RequestSpec } from './requests.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const MANY = Number(process.env.BENCH_TENANTS_MANY ?? 1500);
const log = (msg: string) => console.log(`[bench:intake ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const native = (url: string, headers: Array<Record<string, string>>, files: number): RequestSpec => ({ kind: 'native', url, headers, files });

interface Cpu { serverMs: number; postgresMs: number; loadMs: number }
interface Round extends LoadResult { cpu: Cpu }
interface Row { scenario: string; mode: string; n: number; api: Round; apiRange: string; base?: Round; baseRange?: string }

const server = await startPostgres(DURABLE);
const db = await openDatabase({ databaseUrl: server.url, poolSize: 10 });
const admin = new pg.Client({ connectionString: server.url });
let app: Awaited<ReturnType<typeof startProductionApp>> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { app?.stop(); server.stop(); process.exit(130); });
try {
  await admin.connect();
  log(`${server.version}; durable (fsync, synchronous_commit, full_page_writes on); ${REQUESTS} requests per scenario, ${CONCURRENCY} in flight, ${REPEAT} rounds`);
  const t0 = performance.now();
  const worlds: Array<Awaited<ReturnType<typeof intakeWorld>>> = [];
  for (let t = 0; t < MANY + 1; t += 10) {
    const batch = Array.from({ length: Math.min(10, MANY + 1 - t) }, (_, k) => intakeWorld({ db } as TestDatabase, { ags: String(1_001_000 + t + k).padStart(8, '0') }));
    worlds.push(...(await Promise.all(batch)));
  }
  log(`${worlds.length} municipalities with a service and an intake token in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  // One sender sends the whole load of its municipality: the per-token limit (100/s by default) is raised, as an operator does for a state's form server.
  app = await startProductionApp(server.url, { AMTSDESK_INTAKE_RATE_PER_SECOND: '1000000' });
  const postmaster = postmasterOf(server.dir);
  log(`amtsdesk start (production) pid ${app.pid}, RSS ${app.rssMiB().toFixed(0)} MiB`);
  const baseline = await startBaselineApp(db, async (s) => { await admin.query(s); });

  const apiRound = async (options: LoadOptions): Promise<Round> => {
    const before = cpuReading(app!.pid, postmaster);
    const r = await inProcess(options);
    const cpu = cpuBetween(before, cpuReading(app!.pid, postmaster));
    return { ...r, cpu: { serverMs: cpu.appMs / options.n, postgresMs: cpu.pgMs / options.n, loadMs: r.generatorCpuMs / options.n } };
  };
  const baseRound = async (options: LoadOptions): Promise<Round> => {
    const since = cpuSince();
    const r = await inProcess(options);
    const cpu = since();
    return { ...r, cpu: { serverMs: cpu.serverMs / options.n, postgresMs: cpu.postgresMs / options.n, loadMs: r.generatorCpuMs / options.n } };
  };
  const check = (what: string, r: LoadResult) => { if (r.errors) throw new Error(`${what}: ${r.errors} failed requests, first: ${r.firstError}`); };

  const apiUrl = `${app.url}/api/intake/applications`;
  const one = [worlds[0]!.headers];
  const twenty = worlds.slice(1, 21).map((w) => w.headers);
  const many = worlds.slice(1).map((w) => w.headers);
  const scenarios = [
    { name: 'Native JSON, 0 attachments, one municipality', n: REQUESTS, senders: one, files: 0 },
    { name: 'Native JSON, 1 × 200 KB, one municipality', n: Math.ceil(REQUESTS / 2), senders: one, files: 1 },
    { name: 'Native JSON, 0 attachments, 20 municipalities', n: REQUESTS, senders: twenty, files: 0 },
    { name: `Native JSON, 0 attachments, ${MANY.toLocaleString('en')} municipalities`, n: Math.max(REQUESTS, MANY), senders: many, files: 0 },
    { name: `Native JSON, 1 × 200 KB, ${MANY.toLocaleString('en')} municipalities`, n: Math.ceil(REQUESTS / 2), senders: many, files: 1 },
  ];
  const rows: Row[] = [];
  const medianOf = (rounds: Round[], key: (r: Round) => number) => [...rounds].sort((a, b) => key(a) - key(b))[Math.floor(rounds.length / 2)]!;
  const rates = (rounds: Round[], n: number) => rounds.map((r) => n / r.seconds);
  const rangeText = (xs: number[], f = (v: number) => v.toFixed(0)) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
  for (const s of scenarios) {
    await apiRound({ spec: native(apiUrl, s.senders, s.files), mode: 'closed', n: 50, concurrency: 4 }); // warm-up
    await baseRound({ spec: native(baseline.url, [], s.files), mode: 'closed', n: 50, concurrency: 4 });
    const api: Round[] = [];
    const base: Round[] = [];
    for (let round = 0; round < REPEAT; round++) {
      api.push(await apiRound({ spec: native(apiUrl, s.senders, s.files), mode: 'closed', n: s.n, concurrency: CONCURRENCY }));
      check(s.name, api.at(-1)!);
      base.push(await baseRound({ spec: native(baseline.url, [], s.files), mode: 'closed', n: s.n, concurrency: CONCURRENCY }));
      check(`${s.name} (baseline)`, base.at(-1)!);
    }
    const row: Row = { scenario: s.name, mode: `closed loop, ${CONCURRENCY} in flight`, n: s.n, api: medianOf(api, (r) => r.seconds), apiRange: rangeText(rates(api, s.n)), base: medianOf(base, (r) => r.seconds), baseRange: rangeText(rates(base, s.n)) };
    rows.push(row);
    log(`${s.name}: ${(s.n / row.api.seconds).toFixed(0)}/s (${row.apiRange}), baseline ${(s.n / row.base!.seconds).toFixed(0)}/s (${row.baseRange}); CPU ms/app server ${row.api.cpu.serverMs.toFixed(2)} PG ${row.api.cpu.postgresMs.toFixed(2)}`);
  }
  for (const [senders, who] of [[one, 'one municipality'], [many, `${MANY.toLocaleString('en')} municipalities`]] as const) {
    const n = Math.min(REQUESTS, 1000);
    const api: Round[] = [];
    const base: Round[] = [];
    for (let round = 0; round < REPEAT; round++) {
      api.push(await apiRound({ spec: native(apiUrl, senders, 0), mode: 'paced', n, perSecond: 200 }));
      check(`paced ${who}`, api.at(-1)!);
      base.push(await baseRound({ spec: native(baseline.url, [], 0), mode: 'paced', n, perSecond: 200 }));
    }
    const p99 = (r: Round) => summarize(r.samples).p99;
    const row: Row = { scenario: `Native JSON, 0 attachments, ${who}`, mode: 'paced 200/s', n, api: medianOf(api, p99), apiRange: `p99 ${rangeText(api.map(p99), ms)}`, base: medianOf(base, p99), baseRange: `p99 ${rangeText(base.map(p99), ms)}` };
    rows.push(row);
    log(`paced 200/s, ${who}: p50 ${ms(summarize(row.api.samples).p50)} p99 ${ms(p99(row.api))} ms (${row.apiRange}); baseline p99 ${ms(p99(row.base!))} ms`);
  }
  const rss = app.rssMiB();
  await baseline.close();

  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: server.version, appRssMiB: Math.round(rss) };
  const summary = (r: Round): Summary => summarize(r.samples);
  mkdirSync(join(import.meta.dirname, '../results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, `../results/${process.env.BENCH_RESULTS ?? 'intake-production'}.json`),
    `${JSON.stringify({ date: new Date().toISOString(), mode: 'production, durable', requests: REQUESTS, concurrency: CONCURRENCY, repeat: REPEAT, machine,
      rows: rows.map((r) => ({ scenario: r.scenario, mode: r.mode, n: r.n, apiPerSecond: r.n / r.api.seconds, apiRange: r.apiRange, api: summary(r.api), apiCpu: r.api.cpu,
        baselinePerSecond: r.base ? r.n / r.base.seconds : null, baselineRange: r.baseRange, baseline: r.base ? summary(r.base) : null, baselineCpu: r.base?.cpu })) }, null, 2)}\n`);
  const cpuText = (c: Cpu) => `${c.serverMs.toFixed(2)} / ${c.postgresMs.toFixed(2)} / ${c.loadMs.toFixed(2)}`;
  console.log('\n## bench:intake (production mode, durable PostgreSQL)\n');
  console.log(markdownTable(
    ['Scenario', 'Mode', 'n', 'API apps/s', 'range', 'p50 ms', 'p95 ms', 'p99 ms', 'Baseline apps/s', 'range', 'Baseline p99 ms', 'Ratio', 'CPU ms/app API: server / PG / load', 'CPU ms/app baseline'],
    rows.map((r) => [r.scenario, r.mode, String(r.n), (r.n / r.api.seconds).toFixed(0), r.apiRange, ms(summary(r.api).p50), ms(summary(r.api).p95), ms(summary(r.api).p99),
      r.base ? (r.n / r.base.seconds).toFixed(0) : '–', r.baseRange ?? '–', r.base ? ms(summary(r.base).p99) : '–',
      r.base ? `${(r.base.seconds / r.api.seconds).toFixed(2)}×` : '–', cpuText(r.api.cpu), r.base ? cpuText(r.base.cpu) : '–']),
  ));
  console.log(`\nApp RSS after the run: ${rss.toFixed(0)} MiB. Targets (issue 19): ≥ 1,000/s and ≥ 0.5× the same-run baseline, for one, 20 and ${MANY.toLocaleString('en')} municipalities.`);
} finally {
  app?.stop();
  await admin.end().catch(() => {});
  await db.close().catch(() => {});
  server.stop();
}
