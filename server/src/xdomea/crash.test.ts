import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db.js';
import { createTestApp, TEST_OUTBOUND_ALLOW, type TestApp } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { closedCase } from '../../test/destruction-kit.js';
import { DMS_AUTHORITY, SHARED_SECRET, xdomeaTestBuilders } from '../../test/xdomea-process-kit.js';
import { addTarget, xdomeaOffice } from '../../test/xdomea-office.js';
import { startXdomeaStandin } from '../../test/xdomea-standins.js';

const here = dirname(fileURLToPath(import.meta.url));

// Two worker processes share the database: PostgreSQL only (as server/src/mailbox/crash.test.ts).
describe('xdomea hand-over survives a SIGKILLed worker mid-POST: the ZIP arrives exactly once [postgres]', { skip: !databaseKinds().includes('postgres') && 'braucht PostgreSQL' }, () => {
  let t: TestDatabase;
  let h: TestApp;
  let dataDir: string;
  const children: ChildProcess[] = [];
  before(async () => {
    t = await createTestDatabase('postgres');
    h = await createTestApp(t.db, {}, { xdomeaBuilders: xdomeaTestBuilders() });
    dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-xdomea-crash-'));
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await h?.close();
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, '../../test/xdomea-worker-child.ts')], {
      cwd: join(here, '../..'),
      env: { ...process.env, DATABASE_URL: t.url!, AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMTSDESK_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }
  const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

  it('kill -9 while the receiver holds the POST: the next worker sends the same file, the receiver imports it once, the case is consistent', async () => {
    const dms = await startXdomeaStandin({ role: 'dms', authorityId: DMS_AUTHORITY, name: 'E-Akte', http: { secret: SHARED_SECRET }, hold: (n) => n === 0 });
    try {
      const o = await xdomeaOffice(t, h);
      const dmsId = await addTarget(h, o.admin, { kind: 'dms', transport: 'http', name: 'E-Akte', authorityId: DMS_AUTHORITY, config: { url: dms.url }, sharedSecret: SHARED_SECRET });
      const kase = await closedCase(t, h, o);
      const started = await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: dmsId, lead: true });
      assert.equal(started.status, 202);

      const first = startWorker();
      await dms.waitFor(1, 60_000); // the receiver has the ZIP, the worker waits for its answer
      first.kill('SIGKILL');
      await exited(first);
      const [pending] = await t.adminQuery<{ status: string }>(`select status from outbox where kind = 'xdomea_message'`);
      assert.equal(pending!.status, 'pending', 'the delivery was not recorded before the kill');

      const second = startWorker();
      const until = Date.now() + 60_000;
      for (;;) {
        const [row] = await t.adminQuery<{ status: string }>(`select status from outbox where kind = 'xdomea_message'`);
        if (row!.status === 'delivered') break;
        assert.ok(Date.now() < until, 'redelivered within a minute');
        await sleep(100);
      }
      second.kill('SIGKILL');
      await exited(second);

      const fileName = `${started.body.processId}_Abgabe.Abgabe.0401.zip`;
      assert.deepEqual([...dms.deliveries.entries()], [[fileName, 2]], 'the same file (same ProzessID) twice on the wire');
      assert.equal(dms.received.length, 1, 'imported once');
      const state = await call(h.app, 'GET', `/api/cases/${kase.id}/xdomea`, o.headers);
      assert.equal(state.body.items.length, 1);
      assert.equal(state.body.items[0].cases[0].state, 'sent');
      const events = await t.adminQuery<{ n: string }>(`select count(*) as n from case_events where case_id = $1 and type = 'xdomea.message_sent'`, [kase.id]);
      assert.equal(Number(events[0]!.n), 1, 'one history entry for the delivery');
    } finally {
      await dms.close();
    }
  });
});
