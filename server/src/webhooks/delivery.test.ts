import { it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, tokenHeaders } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { startEventConsumer } from '../../test/event-consumer-standin.js';
import { assertAllArrivedInCaseOrder, caseStories, catalogueEvents } from '../../test/event-kit.js';
import { verifyStandardWebhook } from '../../test/standard-webhooks-verifier.js';
import { startOutboxWorker } from '../main/outbox.js';

describeEachDatabase('webhook events: endpoint down, breaker, recovery', (t) => {
  it('while the endpoint is down the breaker opens (visible to the admin); afterwards every event arrives, per case in order, signed per Standard Webhooks, and the feed has no gaps', async () => {
    const consumer = await startEventConsumer();
    consumer.setDown(true);
    const { app, config, close } = await createTestApp(t.db, {
      outbox: { backoffBaseMs: 20, backoffMaxMs: 80 }, webhooks: { breakerFailures: 3, breakerCooldownSeconds: 1 },
    });
    const worker = startOutboxWorker({ db: t.db, config, pollMs: 25 });
    try {
      const tenant = await createTenant(t.db);
      const admin = await createUser(t.db, { tenant, roles: ['admin'] });
      const headers = await sessionHeaders(t.db, admin);
      const created = await call(app, 'POST', '/api/admin/webhook-endpoints', headers, { url: consumer.url, eventTypes: ['*'], description: 'Gewerberegister' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const secret: string = created.body.secret;
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);

      await caseStories(t.db, tenant, 4);
      const expected = await catalogueEvents(t, tenant.id);
      assert.equal(expected.length, 12);

      const endpoint = async () => (await call(app, 'GET', '/api/admin/webhook-endpoints', headers)).body.items[0];
      for (let i = 0; i < 200 && (await endpoint()).breaker.state === 'closed'; i++) await sleep(25);
      const opened = await endpoint();
      assert.notEqual(opened.breaker.state, 'closed', 'consecutive failures open the breaker');
      assert.ok(opened.breaker.consecutiveFailures >= 3);
      assert.ok(opened.breaker.nextProbeAt, 'the admin sees when the next probe is due');
      assert.equal(opened.breaker.lastFailure, 'HTTP 503');

      consumer.setDown(false);
      const undelivered = async () => (await t.adminQuery<{ n: number }>(`select count(*)::int as n from outbox where kind = 'webhook_event' and status <> 'delivered'`))[0]!.n;
      for (let i = 0; i < 400 && (consumer.requests.length < expected.length || (await undelivered()) > 0); i++) await sleep(25);
      assert.equal(await undelivered(), 0);

      assertAllArrivedInCaseOrder(expected, consumer.requests);
      for (const r of consumer.requests) {
        assert.equal(r.id, r.event.id, 'webhook-id is the event id');
        assert.ok(await verifyStandardWebhook(secret, r, r.body), `signature of event ${r.event.sequence} verifies`);
      }
      const sample = consumer.requests[0]!;
      assert.equal(await verifyStandardWebhook(secret, sample, sample.body.replace('"case.', '"kase.')), false, 'a changed body does not verify');
      assert.equal((await endpoint()).breaker.state, 'closed', 'a successful probe closes the breaker');

      // The feed, page by page through the cursor, is the whole log: every sequence, ascending, none missing.
      const token = await tokenHeaders(t.db, tenant.id, ['cases:read']);
      const sequences: number[] = [];
      let after = '0';
      for (let page = 0; page < 20; page++) {
        const res = await call(app, 'GET', `/api/events?after=${after}&limit=5`, token);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        sequences.push(...res.body.items.map((e: { sequence: number }) => e.sequence));
        after = res.body.nextCursor;
        if (!res.body.hasMore) break;
      }
      assert.deepEqual(sequences, expected.map((e) => e.sequence));
      const again = await call(app, 'GET', `/api/events?after=${after}`, token);
      assert.deepEqual(again.body.items, [], 'nothing after the last cursor');
    } finally {
      await worker.stop();
      await close();
      await consumer.close();
    }
  });
});
