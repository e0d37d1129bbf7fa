import { it } from 'node:test';
import assert from 'node:assert/strict';
import client from 'prom-client';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { loadConfig } from '../config.js';
import { withTenant } from '../db/database.js';
import { enqueue } from './enqueue.js';
import { startOutboxWorker } from '../main/outbox.js';

describeEachDatabase('outbox metrics', (t) => {
  it('reports open and dead messages of all tenants per kind, and counts delivery results', async () => {
    const worker = startOutboxWorker({ db: t.db, config: loadConfig({ AMTSDESK_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent' }), pollMs: 3_600_000 });
    try {
      const a = await createTenant(t.db);
      const b = await createTenant(t.db);
      // A webhook whose subscription does not exist goes dead at once; e-mails wait, not yet due.
      await withTenant(t.db, { tenantId: a.id }, (trx) => enqueue(trx, a.id, 'webhook', { webhookId: crypto.randomUUID(), eventType: 'x', body: {} }));
      await withTenant(t.db, { tenantId: b.id }, (trx) => enqueue(trx, b.id, 'webhook', { webhookId: crypto.randomUUID(), eventType: 'x', body: {} }));
      await worker.runOnce();
      await withTenant(t.db, { tenantId: b.id }, (trx) => enqueue(trx, b.id, 'email', { to: 'x@example.org', subject: 's', text: 't' }));
      await t.adminQuery(`update outbox set next_attempt_at = now() + interval '1 hour' where kind = 'email'`);

      const gauge = await client.register.getSingleMetricAsString('amtsdesk_outbox_messages');
      assert.match(gauge, /amtsdesk_outbox_messages\{kind="webhook",status="dead"\} 2/);
      assert.match(gauge, /amtsdesk_outbox_messages\{kind="email",status="pending"\} 1/);
      const counter = await client.register.getSingleMetricAsString('amtsdesk_outbox_deliveries_total');
      assert.match(counter, /amtsdesk_outbox_deliveries_total\{kind="webhook",result="dead"\} [1-9]/);
      const lagFree = await client.register.getSingleMetricAsString('amtsdesk_outbox_lag_seconds');
      assert.match(lagFree, /amtsdesk_outbox_lag_seconds\{kind="email"\} 0(\n|$)/, 'a message not yet due is no lag');
      await t.adminQuery(`update outbox set next_attempt_at = now() - interval '10 minutes' where kind = 'email'`);
      const lag = await client.register.getSingleMetricAsString('amtsdesk_outbox_lag_seconds');
      const seconds = Number(/amtsdesk_outbox_lag_seconds\{kind="email"\} ([\d.]+)/.exec(lag)?.[1]);
      assert.ok(seconds >= 600 && seconds < 900, `email lag ${seconds}s`);
    } finally {
      await worker.stop();
    }
  });
});
