import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { startEventConsumer } from '../../test/event-consumer-standin.js';
import { assertAllArrivedInCaseOrder, caseStories, catalogueEvents } from '../../test/event-kit.js';
import { verifyStandardWebhook } from '../../test/standard-webhooks-verifier.js';
import { TEST_OUTBOUND_ALLOW } from '../../test/app.js';
import { processExited, startOutboxWorkerProcess } from '../../test/outbox-worker-kit.js';
import { parseOutboundPolicy } from '../shared/outbound/index.js';
import { createEndpoint } from './service.js';


// Two worker processes share the database: PostgreSQL only (as in server/src/outbox/crash-recovery.test.ts).
describe('webhook events survive an outage of the endpoint and a SIGKILLed worker [postgres]', { skip: !databaseKinds().includes('postgres') && 'braucht PostgreSQL' }, () => {
  let t: TestDatabase;
  let dataDir: string;
  const children: ChildProcess[] = [];
  before(async () => {
    t = await createTestDatabase('postgres');
    dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-webhook-crash-'));
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startWorkerProcess(): ChildProcess {
    const child = startOutboxWorkerProcess({ databaseUrl: t.url!, dataDir, env: { OUTBOX_POLL_MS: '50', OUTBOX_BACKOFF_BASE_MS: '50', OUTBOX_BACKOFF_MAX_MS: '200', AMTSDESK_WEBHOOK_BREAKER_FAILURES: '3', AMTSDESK_WEBHOOK_BREAKER_COOLDOWN_SECONDS: '1' } });
    children.push(child);
    return child;
  }
  const exited = processExited;
  const outbox = () => t.adminQuery<{ status: string; attempts: number }>(`select status, attempts from outbox where kind = 'webhook_event'`);

  it('after recovery every event arrived at least once, per case in order, and the interrupted one again with the same webhook-id', async () => {
    // The first request after the outage is applied by the receiver but never answered: the worker dies meanwhile.
    const consumer = await startEventConsumer({ hold: (n) => n === 0 });
    try {
      consumer.setDown(true);
      const tenant = await createTenant(t.db);
      const { secret } = await createEndpoint(t.db, tenant.id, { url: consumer.url, eventTypes: ['*'] }, parseOutboundPolicy(TEST_OUTBOUND_ALLOW));
      await caseStories(t.db, tenant, 5);
      const expected = await catalogueEvents(t, tenant.id);
      assert.equal(expected.length, 15);

      const first = startWorkerProcess();
      for (let i = 0; i < 300 && !(await outbox()).some((r) => r.attempts >= 1); i++) await sleep(100);
      assert.ok((await outbox()).every((r) => r.status === 'pending'), 'failed attempts are kept pending');
      assert.equal(consumer.requests.length, 0);

      consumer.setDown(false);
      await consumer.waitFor(1);
      first.kill('SIGKILL');
      await exited(first);
      const inFlight = consumer.requests[0]!.id;

      const second = startWorkerProcess();
      for (let i = 0; i < 400 && (await outbox()).some((r) => r.status !== 'delivered'); i++) await sleep(100);
      second.kill('SIGTERM');
      await exited(second);

      assert.deepEqual([...new Set((await outbox()).map((r) => r.status))], ['delivered']);
      assertAllArrivedInCaseOrder(expected, consumer.requests);
      assert.ok(consumer.requests.filter((r) => r.id === inFlight).length >= 2, 'the interrupted delivery was sent again with the same webhook-id');
      for (const r of consumer.requests) assert.ok(await verifyStandardWebhook(secret, r, r.body));
    } finally {
      await consumer.close();
    }
  });
});
