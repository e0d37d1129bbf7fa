import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { startMailboxStandIn } from '../../test/mailbox-standin.js';
import { sendMessage } from './service.js';
import { applicantCase } from '../../test/mailbox-kit.js';
import { processExited, startOutboxWorkerProcess } from '../../test/outbox-worker-kit.js';

const MESSAGES = 5;

// Two worker processes share the database: PostgreSQL only (as in server/src/outbox/crash-recovery.test.ts).
describe('mailbox delivery survives an outage of the service and a SIGKILLed worker [postgres]', { skip: !databaseKinds().includes('postgres') && 'braucht PostgreSQL' }, () => {
  let t: TestDatabase;
  let dataDir: string;
  const children: ChildProcess[] = [];
  before(async () => {
    t = await createTestDatabase('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-mailbox-crash-'));
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startWorkerProcess(): ChildProcess {
    const child = startOutboxWorkerProcess({ databaseUrl: t.url!, dataDir, env: { OUTBOX_BACKOFF_BASE_MS: '100', OUTBOX_BACKOFF_MAX_MS: '300' } });
    children.push(child);
    return child;
  }
  const exited = processExited;
  const outbox = () => t.adminQuery<{ status: string; attempts: number }>(`select status, attempts from outbox where kind = 'mailbox_message'`);

  it('messages wait while the service is down, the in-flight one is redelivered after kill -9, and each arrives exactly once', async () => {
    // The first request after the outage is applied by the service but never answered.
    const standIn = await startMailboxStandIn({ hold: (n) => n === 0 });
    try {
      standIn.setDown(true);
      const tenant = await createTenant(t.db);
      await t.adminQuery(`insert into mailbox_settings (tenant_id, external_base_url) values ($1, $2)`, [tenant.id, standIn.baseUrl]);
      const kase = await applicantCase(t.db, tenant, 'jana@example.org', 'postfach-9');
      const ids: string[] = [];
      await withTenant(t.db, { tenantId: tenant.id }, async (trx) => {
        for (let i = 0; i < MESSAGES; i++) {
          ids.push((await sendMessage(trx, tenant.id, kase.caseId, { subject: `Rückfrage ${i}`, body: 'Bitte antworten.', attachmentIds: [], kind: 'message' },
            { kind: 'user', id: kase.user.id, name: 'Max Sachbearbeiter' })).messageId);
        }
      });

      const first = startWorkerProcess();
      // While the service is down every message is tried and kept for a later attempt.
      for (let i = 0; i < 300 && !(await outbox()).every((r) => r.attempts >= 1); i++) await sleep(100);
      assert.ok((await outbox()).every((r) => r.status === 'pending' && r.attempts >= 1), 'failed attempts are kept pending with backoff');
      assert.equal(standIn.deliveries.size, 0);

      standIn.setDown(false);
      await standIn.waitForPosts(1);
      first.kill('SIGKILL');
      await exited(first);
      const inFlight = standIn.requests[0]!.idempotencyKey;

      const second = startWorkerProcess();
      for (let i = 0; i < 300 && (await outbox()).some((r) => r.status !== 'delivered'); i++) await sleep(100);
      second.kill('SIGTERM');
      await exited(second);

      assert.deepEqual((await outbox()).map((r) => r.status), Array(MESSAGES).fill('delivered'));
      assert.deepEqual([...standIn.deliveries.keys()].sort(), [...ids].sort(), 'every message reached the mailbox');
      assert.ok([...standIn.deliveries.values()].every((n) => n === 1), 'each message was put into the mailbox exactly once');
      assert.ok(standIn.requests.filter((r) => r.idempotencyKey === inFlight).length >= 2, 'the interrupted delivery was sent again with the same key');
      const states = await t.adminQuery<{ delivery_status: string }>(`select delivery_status from messages where direction = 'out'`);
      assert.deepEqual(states.map((s) => s.delivery_status), Array(MESSAGES).fill('delivered'));
    } finally {
      await standIn.close();
    }
  });
});
