/**
 * npm run bench:desk:load — the desk under a town hall's load (issue 20). Production mode (issue 19):
 * `amtsdesk start` as its own process exactly as in production (AMTSDESK_MODE=production, logger at
 * info, outbox worker and pollers running, default pool), PostgreSQL with its default durability
 * (fsync, synchronous_commit, full_page_writes on). The load generator is a third process
 * (load-worker.ts). Phases: each endpoint alone at saturation (throughput, CPU per request), the mix
 * at saturation, then concurrent caseworkers with think time (p50/p95/p99 per endpoint).
 * Options: --cases N (measured tenant, default 100,000) --total N (default 5×) --users 50 --think-ms 1000
 * --seconds 60 (think-time phase) --sat-users 8 --sat-seconds 20 --helper-users N (of --users: the
 * caseworkers of tenant B with delegated cases, default users / 25, at least 1) --data-dir DIR (keep the
 * seeded PostgreSQL cluster there and reuse it next time with the same --cases/--total; data-dir.ts).
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, startPostgres } from '../lib/postgres-server.mjs';
import { markdownTable, ms, summarize } from '../lib/stats.js';
import { openDatabase } from '../../server/src/db/database.js';
import { createUserSession, SESSION_COOKIE } from '../../server/src/auth/sessions.js';
import { seedDesk } from './seed.js';
import { cpuBetween, cpuReading } from './pg-cpu.js';
import { LAST_NAMES, WORDS } from './vocabulary.js';
import { KINDS, KIND_LABELS, type Kind, type MixData, type VirtualUser } from './load-mix.js';
import { prepareDataDir, resetAfterRun, writeSeedRecord } from './data-dir.js';
import type { PhaseResult, PhaseSpec } from './load-worker.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const mainCases = arg('cases', 100_000);
const totalCases = arg('total', 5 * mainCases);
const userCount = arg('users', 50);
const thinkMs = arg('think-ms', 1000);
const seconds = arg('seconds', 60);
const satUsers = arg('sat-users', 8);
const satSeconds = arg('sat-seconds', 20);
const helperUsers = Math.min(userCount - 1, arg('helper-users', Math.max(1, Math.round(userCount / 25))));
const dataDirIndex = process.argv.indexOf('--data-dir');
const keptDir = dataDirIndex > 0 ? resolve(process.argv[dataDirIndex + 1]!) : undefined;
const root = join(import.meta.dirname, '../..');
const log = (msg: string) => console.log(`[bench:desk:load ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const kept = keptDir ? prepareDataDir(keptDir, mainCases, totalCases) : undefined;
const server = await startPostgres({
  fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on',
  shared_buffers: '1GB', work_mem: '16MB', maintenance_work_mem: '512MB', max_wal_size: '8GB', checkpoint_timeout: '15min',
  ...(process.env.BENCH_PG_LOG ? { log_min_duration_statement: process.env.BENCH_PG_SLOW_MS ?? '250' } : {}),
}, { dir: keptDir });
let app: ChildProcess | undefined;
/** BENCH_PG_LOG=file keeps PostgreSQL's log (statements slower than BENCH_PG_SLOW_MS, default 250) for diagnosis. */
const keepLog = () => { if (process.env.BENCH_PG_LOG) try { copyFileSync(join(server.dir, 'log'), process.env.BENCH_PG_LOG); } catch {} };
const cleanup = () => { app?.kill('SIGKILL'); keepLog(); server.stop(); };
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { cleanup(); process.exit(130); });
try {
  log(`${server.version}; durable (fsync, synchronous_commit, full_page_writes on); ${mainCases.toLocaleString('en')} cases in the tenant, ${totalCases.toLocaleString('en')} in total`);
  const db = await openDatabase({ databaseUrl: server.url, poolSize: 2 });
  const admin = new pg.Pool({ connectionString: server.url, max: 3 });
  // A kept cluster seeded with the same sizes is used as it is (minus what the last run changed).
  const seeded = kept?.record && server.reused ? { ...kept.record, seconds: 0 } : await seedDesk(admin, mainCases, totalCases, log);
  const { main, helper } = seeded;
  if (kept?.record && server.reused) await resetAfterRun(admin, log);
  log(seeded.seconds ? `data ready in ${seeded.seconds.toFixed(0)} s` : `data reused from ${keptDir}`);

  // Half of the caseworkers see one org unit (one that has services), the others the whole tenant.
  const units = [...new Set(main.services.map((s) => s.orgUnitId))];
  const scopedUnit = (i: number) => (i % 2 === 1 ? units[i % units.length]! : null);
  for (const [i, userId] of main.userIds.entries()) {
    const unit = scopedUnit(i);
    if (unit) await admin.query('update users set org_unit_ids = $1 where id = $2', [[unit], userId]);
  }
  if (keptDir && !server.reused) {
    await admin.query('checkpoint');
    writeSeedRecord(keptDir, { mainCases, totalCases, main, helper, seedSeconds: seeded.seconds });
  }

  // The app, as `amtsdesk start` runs it in production.
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-bench-load-'));
  const appLog = createWriteStream(join(dataDir, 'app.log'));
  app = spawn(process.execPath, [join(root, 'server/bin/amtsdesk.mjs'), 'start'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: server.url, PORT: String(port), HOST: '127.0.0.1', AMTSDESK_MODE: 'production', LOG_LEVEL: 'info',
      AMTSDESK_DATA_DIR: dataDir, AMTSDESK_DEMO: '0', AMTSDESK_PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    app!.stdout!.on('data', (chunk: Buffer) => {
      appLog.write(chunk);
      seen += chunk.toString();
      if (seen.includes('Amtsdesk läuft')) resolve();
    });
    app!.stderr!.on('data', (chunk: Buffer) => appLog.write(chunk));
    app!.once('exit', (code) => reject(new Error(`amtsdesk start ended (${code}); see ${join(dataDir, 'app.log')}`)));
  });
  const postmasterPid = readFileSync(join(server.dir, 'data', 'postmaster.pid'), 'latin1').split('\n')[0]!.trim();
  log(`amtsdesk start running (pid ${app.pid}), PostgreSQL postmaster ${postmasterPid}`);

  // Caseworkers: sessions for the tenant's users, each used by userCount / users.length virtual users.
  const users: VirtualUser[] = [];
  for (let i = 0; i < Math.max(userCount, satUsers); i++) {
    const n = i % main.userIds.length;
    const session = await createUserSession(db, main.tenantId, main.userIds[n]!, 8);
    users.push({ cookie: `${SESSION_COOKIE}=${session.token}`, unitId: scopedUnit(n) });
  }
  // B's caseworkers (--helper-users of --users): the delegated cases' org unit of tenant 2.
  const helpers: VirtualUser[] = [];
  for (let i = 0; i < helperUsers; i++) {
    const session = await createUserSession(db, helper.tenant.tenantId, helper.userId, 8);
    helpers.push({ cookie: `${SESSION_COOKIE}=${session.token}`, unitId: helper.orgUnitId, helper: true });
  }
  const sample = (await admin.query<{ id: string; org_unit_id: string; case_number: string }>(
    'select id, org_unit_id, case_number from cases tablesample system (1) where tenant_id = $1 limit 3000', [main.tenantId])).rows;
  const helperNumbers = (await admin.query<{ case_number: string }>(
    'select case_number from cases tablesample system (1) where tenant_id = $1 limit 1000', [helper.tenant.tenantId])).rows.map((r) => r.case_number);
  const delegatedIds = (await admin.query<{ id: string }>(
    `select case_id as id from case_grants where grantee_tenant_id = $1 and grantee_org_unit_id = $2 and revoked_at is null order by random() limit 1000`,
    [helper.tenant.tenantId, helper.orgUnitId])).rows.map((r) => r.id);
  const caseIdsByUnit: Record<string, string[]> = {};
  for (const r of sample) (caseIdsByUnit[r.org_unit_id] ??= []).push(r.id);
  const data: MixData = {
    serviceIds: main.services.map((s) => s.id), words: WORDS, surnames: LAST_NAMES,
    caseNumbers: sample.map((r) => r.case_number), caseIdsByUnit, allCaseIds: sample.map((r) => r.id),
    helperCaseNumbers: helperNumbers, delegatedCaseIds: delegatedIds,
  };
  log(`${helperUsers} of ${userCount} caseworkers are B's (tenant 2) with ${delegatedIds.length} delegated cases sampled`);

  const url = `http://127.0.0.1:${port}`;
  const runPhase = async (name: string, spec: Omit<PhaseSpec, 'url' | 'data'>) => {
    const worker = fork(join(import.meta.dirname, 'load-worker.ts'), { execArgv: ['--import', 'tsx'] });
    const before = cpuReading(app!.pid!, postmasterPid);
    const result = await new Promise<PhaseResult>((resolve) => {
      worker.once('message', (m) => resolve(m as PhaseResult));
      worker.send({ ...spec, url, data });
    });
    const after = cpuReading(app!.pid!, postmasterPid);
    worker.kill();
    const requests = KINDS.reduce((n, k) => n + result.latencies[k].length, 0);
    const cpu = cpuBetween(before, after);
    log(`${name}: ${requests} requests in ${result.seconds.toFixed(0)} s = ${(requests / result.seconds).toFixed(1)}/s; CPU per request app ${(cpu.appMs / requests).toFixed(1)} ms + PostgreSQL ${(cpu.pgMs / requests).toFixed(1)} ms`);
    return { name, result, requests, throughput: requests / result.seconds, cpu };
  };

  // Warm-up (caches), then each endpoint alone, the mix at saturation, the caseworkers with think time.
  await runPhase('warm-up', { users: users.slice(0, satUsers), thinkMs: 0, durationMs: 10_000, seed: 1 });
  const alone: Array<Awaited<ReturnType<typeof runPhase>> & { kind: Kind }> = [];
  for (const kind of ['inbox', 'search', 'counts', 'dashboard', 'detail'] as const) {
    alone.push({ kind, ...(await runPhase(`${kind} alone, ${satUsers} users, no think time`, { users: users.slice(0, satUsers), thinkMs: 0, durationMs: satSeconds * 1000, only: kind, seed: 2 })) });
  }
  const saturation = await runPhase(`mix, ${satUsers} users, no think time`, { users: users.slice(0, satUsers), thinkMs: 0, durationMs: satSeconds * 1000, seed: 3 });
  const load = await runPhase(`mix, ${userCount} users (${helperUsers} of B), ${thinkMs} ms think time`,
    { users: [...users.slice(0, userCount - helperUsers), ...helpers], thinkMs, durationMs: seconds * 1000, seed: 4 });

  const plan = await admin.query<{ 'QUERY PLAN': string }>(`explain select id from cases where tenant_id = $1 and search_vector @@ websearch_to_tsquery('german', 'Sturmschaden')`, [main.tenantId]);
  const planText = plan.rows.map((r) => r['QUERY PLAN']).join('\n');

  // Report ------------------------------------------------------------------------------------------
  const statusText = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}: ${v}`).join(', ');
  const errors = (s: Record<string, number>) => Object.entries(s).filter(([k]) => k !== '200' && k !== '422').reduce((n, [, v]) => n + v, 0);
  const loadRows = KINDS.filter((k) => load.result.latencies[k].length).map((k) => {
    const s = summarize(load.result.latencies[k]);
    return [KIND_LABELS[k] ?? k, String(s.n), ms(s.p50), ms(s.p95), ms(s.p99), String(errors(load.result.statuses[k])), String(load.result.statuses[k]['422'] ?? 0)];
  });
  const aloneRows = alone.map((a) => {
    const s = summarize(a.result.latencies[a.kind]);
    return [a.kind, a.throughput.toFixed(1), ms(s.p50), ms(s.p95), (a.cpu.appMs / a.requests).toFixed(1), (a.cpu.pgMs / a.requests).toFixed(1), statusText(a.result.statuses[a.kind])];
  });
  const report = {
    date: new Date().toISOString(), mainCases, totalCases, userCount, helperUsers, thinkMs, seconds, satUsers, satSeconds, dataDir: keptDir, reused: server.reused,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', node: process.version, postgres: server.version },
    seedSeconds: seeded.seconds, alone: alone.map(({ result, ...rest }) => ({ ...rest, statuses: result.statuses, summary: summarize(result.latencies[rest.kind]) })),
    saturation: { throughput: saturation.throughput, cpu: saturation.cpu, requests: saturation.requests },
    load: { throughput: load.throughput, cpu: load.cpu, requests: load.requests, perKind: Object.fromEntries(KINDS.map((k) => [k, { ...summarize(load.result.latencies[k]), statuses: load.result.statuses[k] }])) },
    searchPlan: planText,
  };
  mkdirSync(join(import.meta.dirname, '../results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, `../results/desk-load-${mainCases}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n## bench:desk:load — ${mainCases.toLocaleString('en')} cases in the tenant, ${totalCases.toLocaleString('en')} in total, durable PostgreSQL, production mode\n`);
  console.log(`${userCount} caseworkers (${helperUsers} of them B's with delegated cases; of the others half scoped to one org unit), ${thinkMs} ms mean think time, ${seconds} s: ${load.throughput.toFixed(1)} requests/s\n`);
  console.log(markdownTable(['Endpoint', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', '422 bitte eingrenzen'], loadRows));
  console.log(`\nSaturation, ${satUsers} users without think time: mix ${saturation.throughput.toFixed(1)} requests/s; CPU per request app ${(saturation.cpu.appMs / saturation.requests).toFixed(1)} ms + PostgreSQL ${(saturation.cpu.pgMs / saturation.requests).toFixed(1)} ms\n`);
  console.log(markdownTable(['Endpoint alone', 'requests/s', 'p50 ms', 'p95 ms', 'CPU app ms/request', 'CPU PostgreSQL ms/request', 'answers'], aloneRows));
  console.log(`\nPlan of a word search in the tenant:\n${planText}`);
  app.kill('SIGTERM');
  await new Promise((resolve) => app!.once('exit', resolve));
  app = undefined;
  await admin.end();
  await db.close();
  rmSync(dataDir, { recursive: true, force: true });
} finally {
  cleanup();
}
