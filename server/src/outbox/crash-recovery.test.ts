import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { startWebhookReceiver } from '../../test/webhook-receiver.js';
import { TEST_OUTBOUND_ALLOW } from '../../test/app.js';
import { processExited, startOutboxWorkerProcess } from '../../test/outbox-worker-kit.js';
import { parseOutboundPolicy } from '../shared/outbound/index.js';
import { withTenant } from '../db/database.js';
import { enqueue } from './enqueue.js';
import { createWebhook } from './service.js';

const MESSAGES = 5;

// A second worker process needs a database server both processes can open: PostgreSQL only.
describe('outbox crash recovery with a worker process [postgres]', { skip: !databaseKinds().includes('postgres') && 'braucht PostgreSQL' }, () => {
  let t: TestDatabase;
  let dataDir: string;
  const children: ChildProcess[] = [];
  before(async () => {
    t = await createTestDatabase('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-crash-'));
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startWorkerProcess(): ChildProcess {
    const child = startOutboxWorkerProcess({ databaseUrl: t.url!, dataDir });
    children.push(child);
    return child;
  }
  const exited = processExited;
  const statuses = async () => (await t.adminQuery<{ idempotency_key: string; status: string }>(`select idempotency_key, status from outbox where kind = 'webhook'`));

  it('kill -9 while a delivery is in flight: after a restart every message is delivered and applied exactly once', async () => {
    // The very first request is held open: the receiver has applied it but never answers.
    const receiver = await startWebhookReceiver({ hold: (n) => n === 0 });
    try {
      const tenant = await createTenant(t.db);
      const { webhook } = await createWebhook(t.db, tenant.id, { url: receiver.url, eventTypes: ['case.created'] }, parseOutboundPolicy(TEST_OUTBOUND_ALLOW));
      const keys = Array.from({ length: MESSAGES }, (_, i) => `case.created:crash-${i}`);
      await withTenant(t.db, { tenantId: tenant.id }, async (trx) => {
        for (const [i, key] of keys.entries()) {
          await enqueue(trx, tenant.id, 'webhook', { webhookId: webhook.id, eventType: 'case.created', body: { ref: i } }, { idempotencyKey: key });
        }
      });

      const first = startWorkerProcess();
      await receiver.waitForRequests(1);
      first.kill('SIGKILL');
      await exited(first);
      const inFlightKey = receiver.requests[0]!.idempotencyKey;
      const afterCrash = await statuses();
      assert.equal(afterCrash.find((r) => r.idempotency_key === inFlightKey)?.status, 'pending', 'the in-flight message was not marked delivered');

      const second = startWorkerProcess();
      for (let i = 0; i < 300 && (await statuses()).some((r) => r.status !== 'delivered'); i++) await sleep(100);
      second.kill('SIGTERM');
      await exited(second);

      assert.deepEqual((await statuses()).map((r) => r.status), Array(MESSAGES).fill('delivered'));
      assert.deepEqual([...receiver.processedKeys].sort(), [...keys].sort(), 'one distinct key per message, the same on redelivery');
      assert.equal(receiver.effects.size, MESSAGES);
      assert.ok([...receiver.effects.values()].every((n) => n === 1), 'each effect applied exactly once');
      assert.ok(
        receiver.requests.filter((r) => r.idempotencyKey === inFlightKey).length >= 2,
        'the interrupted delivery was sent again after the restart (and deduplicated by the receiver)',
      );
    } finally {
      await receiver.close();
    }
  });
});
