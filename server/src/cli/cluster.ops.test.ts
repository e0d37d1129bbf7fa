// npm run test:ops — several instances, one database (issue #19): 3 × `amtsdesk start` and
// 2 × `amtsdesk worker` on a real PostgreSQL behind Debian's haproxy; instances are SIGKILLed
// during an intake burst and e-mail delivery. PostgreSQL only: PGlite is one process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, withPlatform, withTenant, type Database } from '../db/database.js';
import { enqueue } from '../outbox/enqueue.js';
import { emailMessageId } from '../outbox/deliverers/email.js';
import { createOrgUnit, createService, createTenant, createUser } from '../../test/factories.js';
import { sessionHeaders, tokenHeaders } from '../../test/app.js';
import { LEIKA_HUND, dogTaxForm } from '../../test/intake-kit.js';
import { freePort, liveClient, spawnInstance, startHaproxy, startSmtpCapture, type Instance } from '../../test/cluster-kit.js';

const PG_URL = process.env.AMTSDESK_TEST_PG_URL;
const PUBLIC_URL = 'https://amtsdesk.land.example';
const SUBMISSIONS = 240;
const EMAILS = 120;
const BATCH = 10;

describe('several instances, one database: SIGKILL during intake and delivery', { skip: !PG_URL && 'needs PostgreSQL (npm run test:ops)', timeout: 600_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-cluster-'));
  const dbName = `amtsdesk_cluster_${Date.now().toString(36)}`;
  const instances: Instance[] = [];
  const tabs: ReturnType<typeof liveClient>[] = [];
  let admin: pg.Client;
  let db: Database;
  let lb: Awaited<ReturnType<typeof startHaproxy>>;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  let env: Record<string, string>;
  let workerPorts: number[] = [];

  before(async () => {
    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    const url = new URL(PG_URL!);
    url.pathname = `/${dbName}`;
    smtp = await startSmtpCapture(30);
    env = {
      DATABASE_URL: url.toString(), AMTSDESK_JOBS: 'worker', AMTSDESK_DEMO: '0', LOG_LEVEL: 'warn', HOST: '127.0.0.1',
      // One shared data directory stands in for the shared object store (blobs) of a real cluster.
      AMTSDESK_DATA_DIR: dataDir, AMTSDESK_PUBLIC_URL: PUBLIC_URL, AMTSDESK_OUTBOUND_ALLOW: '127.0.0.1',
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), OUTBOX_BATCH_SIZE: String(BATCH), OUTBOX_LEASE_SECONDS: '5',
      AMTSDESK_INTAKE_RATE_PER_SECOND: '100000',
    };
    // All five start at once on an empty database: one migrates, the others wait for it.
    const ports = await Promise.all([1, 2, 3].map(() => freePort()));
    workerPorts = await Promise.all([1, 2].map(() => freePort()));
    instances.push(...(await Promise.all([
      ...ports.map((port, i) => spawnInstance(`web${i + 1}`, 'start', { ...env, PORT: String(port) }, /Amtsdesk läuft/, port)),
      ...workerPorts.map((port, i) => spawnInstance(`worker${i + 1}`, 'worker', { ...env, AMTSDESK_WORKER_PORT: String(port) }, /Amtsdesk-Worker läuft/)),
    ])));
    lb = await startHaproxy(ports);
    db = await openDatabase({ databaseUrl: url.toString(), migrate: false, poolSize: 4 });
  });

  after(async () => {
    // Closed even when an assertion failed: a reconnecting tab would keep the test process alive.
    for (const tab of tabs) tab.close();
    await Promise.all(instances.map((i) => i.kill()));
    await lb?.stop();
    await db?.close();
    await smtp?.close();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // The operator console lists every instance with its role and version (issue 19, item 5): the web
  // instances report themselves although the workers run the jobs.
  it('every instance reports itself to the operator console, three web and two workers', async () => {
    const counted = async () => {
      const { rows } = await withPlatform(db, (trx) => sql<{ role: string; n: number }>`select role, count(*)::int as n from instances group by role order by role`.execute(trx));
      return Object.fromEntries(rows.map((r) => [r.role, r.n]));
    };
    const deadline = Date.now() + 20_000;
    let seen = await counted();
    while ((seen.web !== 3 || seen.worker !== 2) && Date.now() < deadline) {
      await sleep(250);
      seen = await counted();
    }
    assert.deepEqual(seen, { web: 3, worker: 2 });
  });

  // Kubernetes probes the worker pods and Prometheus scrapes them (deploy/kubernetes/base/worker.yaml).
  it('workers answer /healthz, /readyz and /metrics on their own port, with the scheduled jobs they ran', async () => {
    for (const port of workerPorts) {
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${port}/readyz`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${port}/api/cases`)).status, 404, 'a worker serves no API');
    }
    // The counter fold runs every 5 s on one of the workers (job lease): its runs show in that worker's metrics.
    const folds = async () => (await Promise.all(workerPorts.map(async (port) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text())))
      .join('\n').split('\n').filter((line) => line.startsWith('amtsdesk_job_runs_total{job="case-counter-fold",outcome="ok"}'));
    const deadline = Date.now() + 30_000;
    while ((await folds()).length === 0 && Date.now() < deadline) await sleep(500);
    assert.ok((await folds()).length > 0, 'no worker reported a counter-fold run');
  });

  it('keeps every accepted application once, delivers every e-mail, and live updates keep flowing', async () => {
    const tenant = await createTenant(db, { name: 'Gemeinde Kattendorf', kind: 'municipality', ags: '01060044' });
    const unit = await createOrgUnit(db, { tenant, name: 'Ordnungsamt', shortCode: 'OA' });
    await createService(db, { tenant, orgUnitId: unit.id, leikaKey: LEIKA_HUND, name: 'Hundesteuer Anmeldung' });
    const intake = await tokenHeaders(db, tenant.id, ['intake:submit']);
    const caseworker = await createUser(db, { tenant, roles: ['caseworker'] });
    // One session (stored in the database) serves on whichever instance the balancer picks.
    const { cookie } = await sessionHeaders(db, caseworker);
    tabs.push(...[1, 2, 3].map(() => liveClient(lb.port, cookie!)));

    const mailIds = await withTenant(db, { tenantId: tenant.id }, async (trx) => {
      const keys: string[] = [];
      for (let i = 0; i < EMAILS; i++) {
        const key = `cluster-test:${i}`;
        await enqueue(trx, tenant.id, 'email', { to: `person${i}@example.org`, subject: 'Eingangsbestätigung', text: 'Ihr Antrag ist eingegangen.' }, { idempotencyKey: key });
        keys.push(key);
      }
      return keys;
    });
    await sleep(1_000); // the tabs connect

    // The burst: a form server sends applications with 8 connections and retries what failed
    // (same transaction id), as OZG senders do. Two instances die while it runs.
    const accepted = new Map<string, string>();
    const attempts = new Map<string, number>();
    const submit = async (txn: string) => {
      for (let attempt = 1; attempt <= 5; attempt++) {
        attempts.set(txn, attempt);
        const res = await fetch(`http://127.0.0.1:${lb.port}/api/intake/applications`, {
          method: 'POST',
          headers: { ...intake, 'content-type': 'application/json' },
          body: JSON.stringify({ transactionId: txn, serviceKey: LEIKA_HUND, applicant: { kind: 'person', firstName: 'Jana', lastName: 'Brandt' }, formData: dogTaxForm() }),
        }).catch(() => null);
        if (res && res.status < 300) {
          accepted.set(txn, ((await res.json()) as { caseId: string }).caseId);
          return;
        }
        await res?.arrayBuffer();
        await sleep(300);
      }
    };
    const queue = Array.from({ length: SUBMISSIONS }, (_, i) => `kill-${i}`);
    const senders = Array.from({ length: 8 }, async () => {
      for (let txn = queue.shift(); txn; txn = queue.shift()) await submit(txn);
    });
    const killer = (async () => {
      while (accepted.size < SUBMISSIONS * 0.25) await sleep(20);
      await instances.find((i) => i.name === 'web1')!.kill();
      while (accepted.size < SUBMISSIONS * 0.5) await sleep(20);
      // Mid-delivery: the SMTP stand-in is slow, so this worker has a batch in flight.
      await instances.find((i) => i.name === 'worker1')!.kill();
    })();
    await Promise.all([...senders, killer]);
    assert.equal(accepted.size, SUBMISSIONS, 'every application was eventually accepted through the surviving instances');

    // Every 2xx answer is one case; no application was stored twice (retries included).
    const { rows: stored } = await queryCases(env.DATABASE_URL!);
    const byTxn = new Map(stored.map((r) => [r.transaction_id, r]));
    for (const [txn, caseId] of accepted) {
      assert.equal(byTxn.get(txn)?.n, 1, `${txn} stored ${byTxn.get(txn)?.n ?? 0} times`);
      assert.equal(byTxn.get(txn)?.id, caseId);
    }
    assert.equal(stored.length, SUBMISSIONS);

    // Every e-mail delivered: the surviving worker takes over the dead one's leased messages.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const pending = await countPending(env.DATABASE_URL!);
      if (pending === 0) break;
      assert.ok(Date.now() < deadline, `${pending} outbox messages still pending`);
      await sleep(500);
    }
    const expected = new Set(mailIds.map((key) => emailMessageId(key, PUBLIC_URL)));
    const receipts = new Map<string, number>();
    for (const id of smtp.received) receipts.set(id, (receipts.get(id) ?? 0) + 1);
    for (const id of expected) assert.ok(receipts.has(id), `e-mail ${id} never arrived`);
    // A message can arrive twice only if its worker died between the SMTP answer and recording it:
    // at most one batch, and the copy carries the same Message-ID (receivers drop it).
    const twice = [...receipts.values()].filter((n) => n > 1).length;
    assert.ok(twice <= BATCH, `${twice} e-mails arrived more than once`);
    assert.ok([...receipts.keys()].every((id) => expected.has(id)), 'an e-mail nobody sent arrived');

    // Live updates: the tab on the killed instance reconnected, and after the kills every tab sees
    // every new case, whichever surviving instance took it.
    assert.ok(tabs.some((tab) => tab.reconnects() > 0), 'no tab lost its instance');
    const after = new Map<string, string>();
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`http://127.0.0.1:${lb.port}/api/intake/applications`, {
        method: 'POST',
        headers: { ...intake, 'content-type': 'application/json' },
        body: JSON.stringify({ transactionId: `after-${i}`, serviceKey: LEIKA_HUND, applicant: { kind: 'person', firstName: 'Ole', lastName: 'Hansen' }, formData: dogTaxForm() }),
      });
      assert.ok(res.status < 300, String(res.status));
      after.set(`after-${i}`, ((await res.json()) as { caseId: string }).caseId);
    }
    const liveDeadline = Date.now() + 15_000;
    while (!tabs.every((tab) => [...after.values()].every((id) => tab.created.has(id))) && Date.now() < liveDeadline) await sleep(200);
    for (const [n, tab] of tabs.entries()) {
      const missing = [...after.values()].filter((id) => !tab.created.has(id));
      assert.deepEqual(missing, [], `tab ${n + 1} missed live updates`);
    }
    // …and during the burst too: the tabs received the creations as they happened.
    for (const tab of tabs) assert.ok([...accepted.values()].filter((id) => tab.created.has(id)).length > SUBMISSIONS / 4);
  });
});

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function queryCases(url: string) {
  return withClient(url, (c) =>
    c.query<{ transaction_id: string; id: string; n: number }>('select transaction_id, min(id::text) as id, count(*)::int as n from cases group by transaction_id'));
}

async function countPending(url: string): Promise<number> {
  return withClient(url, async (c) => Number((await c.query<{ n: number }>(`select count(*)::int as n from outbox where status = 'pending'`)).rows[0]!.n));
}
