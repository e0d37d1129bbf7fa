/**
 * npm run bench:scale — a whole state on one installation (issue 19). `amtsdesk start` in production
 * mode on a durable PostgreSQL; a platform operator provisions BENCH_TENANTS (default 1,500)
 * municipalities through the operator API (POST /api/platform/tenants, BENCH_PROVISION_CONCURRENCY
 * in flight, default 4), each then gets an org unit, a service and an intake token (test factories,
 * not measured), and intake is driven round-robin over all of them: closed loop (throughput) and paced
 * 200/s (latency). Reports time per tenant, the app's memory, the database size, and intake latency
 * across the tenants (overall percentiles and the spread of each tenant's slowest request).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../lib/postgres-server.mjs';
import { DURABLE, startProductionApp } from '../lib/production-app.js';
import { markdownTable, ms, summarize } from '../lib/stats.js';
import { openDatabase } from '../../server/src/db/database.js';
import { createOperator } from '../../server/src/auth/operators.js';
import { createOperatorSession, CSRF_HEADER, SESSION_COOKIE } from '../../server/src/auth/sessions.js';
import { createOrgUnit, createService, type TestTenant } from '../../server/test/factories.js';
import { tokenHeaders } from '../../server/test/app.js';
import { LEIKA_HUND } from '../../server/test/intake-kit.js';
import { inProcess } from '../intake/load.js';
import type { RequestSpec } from '../intake/requests.js';

const TENANTS = Number(process.env.BENCH_TENANTS ?? 1500);
const PROVISION_CONCURRENCY = Number(process.env.BENCH_PROVISION_CONCURRENCY ?? 4);
const INTAKE = Number(process.env.BENCH_REQUESTS ?? 2 * TENANTS);
const log = (msg: string) => console.log(`[bench:scale ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const server = await startPostgres(DURABLE);
const db = await openDatabase({ databaseUrl: server.url, poolSize: 10 });
const admin = new pg.Client({ connectionString: server.url });
let app: Awaited<ReturnType<typeof startProductionApp>> | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => { app?.stop(); server.stop(); process.exit(130); });
try {
  await admin.connect();
  const dbSize = async () => Number((await admin.query<{ n: string }>('select pg_database_size(current_database()) as n')).rows[0]!.n) / 2 ** 20;
  app = await startProductionApp(server.url, { AMTSDESK_INTAKE_RATE_PER_SECOND: '1000000' });
  const start = { rss: app.rssMiB(), db: await dbSize() };
  log(`${server.version}; durable; amtsdesk start (production) pid ${app.pid}, RSS ${start.rss.toFixed(0)} MiB, database ${start.db.toFixed(0)} MiB`);

  const operator = await createOperator(db, { email: 'betrieb@rechenzentrum.example', displayName: 'Betrieb', password: 'ein-langes-passwort-1' });
  const session = await createOperatorSession(db, operator.id, 4);
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken, 'content-type': 'application/json' };
  const provisionMs: number[] = [];
  const tenants: TestTenant[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: PROVISION_CONCURRENCY }, async () => {
    while (next < TENANTS) {
      const i = next++;
      const body = { name: `Gemeinde Bench ${i + 1}`, kind: 'municipality', ags: String(1_050_000 + i).padStart(8, '0'), adminEmail: `admin-${i + 1}@gemeinde-${i + 1}.example`, adminName: 'Erika Mustermann', slug: `bench-${i + 1}` };
      const s = performance.now();
      const res = await fetch(`${app!.url}/api/platform/tenants`, { method: 'POST', headers, body: JSON.stringify(body) });
      provisionMs.push(performance.now() - s);
      if (res.status !== 201) throw new Error(`provisioning ${i + 1}: ${res.status} ${await res.text()}`);
      const created = (await res.json()) as { tenantId: string; slug: string };
      tenants.push({ id: created.tenantId, slug: created.slug, adminUserId: '', inviteToken: '' });
    }
  }));
  const provisionSeconds = (performance.now() - t0) / 1000;
  const provisioned = { rss: app.rssMiB(), db: await dbSize() };
  log(`${TENANTS} municipalities provisioned in ${provisionSeconds.toFixed(1)} s; RSS ${provisioned.rss.toFixed(0)} MiB, database ${provisioned.db.toFixed(0)} MiB`);

  const senders: Array<Record<string, string>> = [];
  for (let i = 0; i < tenants.length; i += 10) {
    senders.push(...(await Promise.all(tenants.slice(i, i + 10).map(async (tenant) => {
      const unit = await createOrgUnit(db, { tenant, name: 'Steueramt', shortCode: 'STA' });
      await createService(db, { tenant, orgUnitId: unit.id, leikaKey: LEIKA_HUND, name: 'Hundesteuer Anmeldung' });
      return tokenHeaders(db, tenant.id, ['intake:submit']);
    }))));
  }
  log(`services and intake tokens ready`);

  const spec: RequestSpec = { kind: 'native', url: `${app.url}/api/intake/applications`, headers: senders, files: 0 };
  await inProcess({ spec, mode: 'closed', n: 100, concurrency: 4 }); // warm-up
  const closed = await inProcess({ spec, mode: 'closed', n: INTAKE, concurrency: 16 });
  const paced = await inProcess({ spec, mode: 'paced', n: Math.min(INTAKE, 3000), perSecond: 200 });
  if (closed.errors || paced.errors) throw new Error(`intake failed: ${closed.errors + paced.errors} errors, first: ${closed.firstError ?? paced.firstError}`);
  // Request i went to municipality i % tenants: each tenant's slowest request in the paced run.
  const slowestPerTenant: number[] = [];
  paced.samples.forEach((v, i) => { const k = i % senders.length; slowestPerTenant[k] = Math.max(slowestPerTenant[k] ?? 0, v); });
  const end = { rss: app.rssMiB(), db: await dbSize() };
  const p = summarize(provisionMs);
  const c = summarize(closed.samples);
  const q = summarize(paced.samples);
  const t = summarize(slowestPerTenant.filter((v) => v !== undefined));

  const result = { date: new Date().toISOString(), mode: 'production, durable', tenants: TENANTS, provisionConcurrency: PROVISION_CONCURRENCY,
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: server.version },
    provisioning: { seconds: provisionSeconds, perTenantMs: p }, memoryMiB: { start: start.rss, provisioned: provisioned.rss, afterIntake: end.rss },
    databaseMiB: { start: start.db, provisioned: provisioned.db, afterIntake: end.db },
    intakeClosed: { n: INTAKE, perSecond: INTAKE / closed.seconds, latency: c }, intakePaced: { n: paced.samples.length, latency: q, slowestPerTenant: t } };
  mkdirSync(join(import.meta.dirname, '../results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, `../results/${process.env.BENCH_RESULTS ?? 'scale'}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n## bench:scale (${TENANTS.toLocaleString('en')} municipalities, production mode, durable PostgreSQL)\n`);
  console.log(markdownTable(['Measure', 'Value'], [
    ['Provisioning through the operator API', `${provisionSeconds.toFixed(1)} s in all; per tenant p50 ${ms(p.p50)} ms, p95 ${ms(p.p95)} ms, p99 ${ms(p.p99)} ms (${PROVISION_CONCURRENCY} in flight)`],
    ['App memory (RSS)', `${start.rss.toFixed(0)} MiB at start → ${provisioned.rss.toFixed(0)} MiB provisioned → ${end.rss.toFixed(0)} MiB after intake`],
    ['Database size', `${start.db.toFixed(0)} MiB at start → ${provisioned.db.toFixed(0)} MiB provisioned → ${end.db.toFixed(0)} MiB after intake`],
    ['Intake, closed loop, 16 in flight, round-robin over all', `${(INTAKE / closed.seconds).toFixed(0)} applications/s; p50 ${ms(c.p50)} ms, p95 ${ms(c.p95)} ms, p99 ${ms(c.p99)} ms`],
    ['Intake, paced 200/s, round-robin over all', `p50 ${ms(q.p50)} ms, p95 ${ms(q.p95)} ms, p99 ${ms(q.p99)} ms, max ${ms(q.max)} ms`],
    ['Each tenant\'s slowest request (paced)', `median ${ms(t.p50)} ms, p95 ${ms(t.p95)} ms, worst tenant ${ms(t.max)} ms`],
  ]));
} finally {
  app?.stop();
  await admin.end().catch(() => {});
  await db.close().catch(() => {});
  server.stop();
}
