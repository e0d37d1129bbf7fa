import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { startWebhookReceiver } from '../../test/webhook-receiver.js';
import { TEST_OUTBOUND_ALLOW } from '../../test/app.js';
import { parseOutboundPolicy } from '../shared/outbound/index.js';
import { loadConfig, type AppConfig } from '../config.js';
import { withPlatform, withTenant } from '../db/database.js';
import { signWebhookBody } from './deliverers/webhook.js';
import { enqueue } from './enqueue.js';
import { createWebhook, retryOutboxMessage } from './service.js';
import { startOutboxWorker } from '../main/outbox.js';
import { domainEventDeliverer, type DomainEventListener } from './deliverers/domain-event.js';
import { startOutboxWorkerWith } from './worker.js';

const loopback = parseOutboundPolicy(TEST_OUTBOUND_ALLOW);

describeEachDatabase('outbox worker', (t) => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-outbox-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  const worker = (outbox: AppConfig['outbox'] = {}) =>
    startOutboxWorker({ db: t.db, config: { ...loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMTSDESK_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW }), outbox }, pollMs: 3_600_000 });
  const row = async (id: string) =>
    (await t.adminQuery<{ status: string; attempts: number; last_error: string | null; due_in_s: number }>(
      `select status, attempts, last_error, extract(epoch from (next_attempt_at - now()))::float8 as due_in_s from outbox where id = $1`,
      [id],
    ))[0]!;

  it('delivers a webhook with idempotency key, event type and a verifiable HMAC signature', async () => {
    const receiver = await startWebhookReceiver();
    const w = worker();
    try {
      const tenant = await createTenant(t.db);
      const { webhook, secret } = await createWebhook(t.db, tenant.id, { url: receiver.url, eventTypes: ['case.created'] }, loopback);
      const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
        enqueue(trx, tenant.id, 'webhook', { webhookId: webhook.id, eventType: 'case.created', body: { caseId: 'c-1' } }, { idempotencyKey: 'case.created:c-1' }),
      );
      await w.runOnce();
      assert.equal(receiver.requests.length, 1);
      const got = receiver.requests[0]!;
      assert.equal(got.idempotencyKey, 'case.created:c-1');
      assert.equal(got.event, 'case.created');
      assert.equal(got.signature, signWebhookBody(got.body, secret));
      assert.deepEqual(JSON.parse(got.body).data, { caseId: 'c-1' });
      assert.equal((await row(id)).status, 'delivered');
    } finally {
      await w.stop();
      await receiver.close();
    }
  });

  it('never delivers a message whose transaction rolled back', async () => {
    const receiver = await startWebhookReceiver();
    const w = worker();
    try {
      const tenant = await createTenant(t.db);
      const { webhook } = await createWebhook(t.db, tenant.id, { url: receiver.url, eventTypes: ['*'] }, loopback);
      await assert.rejects(
        withTenant(t.db, { tenantId: tenant.id }, async (trx) => {
          await enqueue(trx, tenant.id, 'webhook', { webhookId: webhook.id, eventType: 'case.created', body: {} }, { idempotencyKey: 'rolled-back' });
          throw new Error('the change failed');
        }),
        /the change failed/,
      );
      await w.runOnce();
      assert.equal(receiver.requests.length, 0);
      assert.equal((await t.adminQuery(`select 1 from outbox where idempotency_key = 'rolled-back'`)).length, 0);
    } finally {
      await w.stop();
      await receiver.close();
    }
  });

  it('after a failure schedules the next attempt with exponential backoff and records a short reason', async () => {
    const receiver = await startWebhookReceiver({ status: () => 500 });
    const w = worker({ backoffBaseMs: 60_000 });
    try {
      const tenant = await createTenant(t.db);
      const { webhook } = await createWebhook(t.db, tenant.id, { url: receiver.url, eventTypes: ['*'] }, loopback);
      const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) => enqueue(trx, tenant.id, 'webhook', { webhookId: webhook.id, eventType: 'x', body: {} }));
      await w.runOnce();
      const first = await row(id);
      assert.equal(first.status, 'pending');
      assert.equal(first.attempts, 1);
      assert.equal(first.last_error, 'HTTP 500');
      assert.ok(first.due_in_s > 25 && first.due_in_s <= 60, `due in ${first.due_in_s}s`);
      await w.runOnce(); // not due yet: nothing is sent
      assert.equal(receiver.requests.length, 1);
      await t.adminQuery(`update outbox set next_attempt_at = now() where id = $1`, [id]);
      await w.runOnce();
      const second = await row(id);
      assert.equal(second.attempts, 2);
      assert.ok(second.due_in_s > 55 && second.due_in_s <= 120, `second delay doubles: ${second.due_in_s}s`);
    } finally {
      await w.stop();
      await receiver.close();
    }
  });

  it('dead-letters after max attempts against a receiver that always fails, and delivers after a retry', async () => {
    let failing = true;
    const receiver = await startWebhookReceiver({ status: () => (failing ? 500 : 204) });
    const w = worker({ backoffBaseMs: 1 });
    try {
      const tenant = await createTenant(t.db);
      const { webhook } = await createWebhook(t.db, tenant.id, { url: receiver.url, eventTypes: ['*'] }, loopback);
      const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
        enqueue(trx, tenant.id, 'webhook', { webhookId: webhook.id, eventType: 'x', body: {} }, { maxAttempts: 3 }),
      );
      for (let i = 0; i < 50 && (await row(id)).status === 'pending'; i++) {
        await w.runOnce();
        await sleep(15);
      }
      const dead = await row(id);
      assert.equal(dead.status, 'dead');
      assert.equal(dead.attempts, 3);
      assert.equal(receiver.requests.length, 3);
      assert.equal(new Set(receiver.requests.map((r) => r.idempotencyKey)).size, 1, 'every attempt carries the same key');
      await w.runOnce();
      assert.equal(receiver.requests.length, 3, 'a dead letter is not tried again');

      failing = false;
      await retryOutboxMessage(t.db, tenant.id, id);
      await w.runOnce();
      assert.equal((await row(id)).status, 'delivered');
      assert.equal(receiver.requests.length, 4);
    } finally {
      await w.stop();
      await receiver.close();
    }
  });

  it("picks up a crashed worker's message once its lease has expired", async () => {
    const receiver = await startWebhookReceiver();
    const w = worker();
    try {
      const tenant = await createTenant(t.db);
      const { webhook } = await createWebhook(t.db, tenant.id, { url: receiver.url, eventTypes: ['*'] }, loopback);
      const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) => enqueue(trx, tenant.id, 'webhook', { webhookId: webhook.id, eventType: 'x', body: {} }));
      // Another worker leased it and died.
      await withPlatform(t.db, (trx) => sql`select * from outbox_claim(100, 300)`.execute(trx));
      await w.runOnce();
      assert.equal(receiver.requests.length, 0, 'a leased message is left alone');
      await t.adminQuery(`update outbox set locked_until = now() - interval '1 second' where id = $1`, [id]);
      await w.runOnce();
      assert.equal(receiver.requests.length, 1);
      assert.equal((await row(id)).status, 'delivered');
    } finally {
      await w.stop();
      await receiver.close();
    }
  });

  it('fans a domain event out to subscribed webhooks of its own tenant only, never twice', async () => {
    const receiver = await startWebhookReceiver();
    const w = worker();
    try {
      const tenant = await createTenant(t.db);
      const other = await createTenant(t.db);
      const created = await createWebhook(t.db, tenant.id, { url: `${receiver.url}?a`, eventTypes: ['case.created'] }, loopback);
      await createWebhook(t.db, tenant.id, { url: `${receiver.url}?b`, eventTypes: ['case.closed'] }, loopback);
      const all = await createWebhook(t.db, tenant.id, { url: `${receiver.url}?c`, eventTypes: ['*'] }, loopback);
      await createWebhook(t.db, other.id, { url: `${receiver.url}?other`, eventTypes: ['*'] }, loopback);
      const parentKey = `evt-${tenant.id}`;
      const parent = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
        enqueue(trx, tenant.id, 'domain_event', { eventType: 'case.created', body: { caseId: 'c-9' } }, { idempotencyKey: parentKey }),
      );
      await w.runOnce();
      const children = () => t.adminQuery<{ idempotency_key: string; tenant_id: string }>(`select idempotency_key, tenant_id from outbox where idempotency_key like $1 order by 1`, [`${parentKey}:%`]);
      assert.deepEqual((await children()).map((c) => c.idempotency_key).sort(), [`${parentKey}:${created.webhook.id}`, `${parentKey}:${all.webhook.id}`].sort());
      assert.ok((await children()).every((c) => c.tenant_id === tenant.id));

      await t.adminQuery(`update outbox set status = 'pending', delivered_at = null where id = $1`, [parent]); // fan-out redelivered
      await w.runOnce();
      await w.runOnce();
      assert.equal((await children()).length, 2, 'a repeated fan-out creates no duplicates');
      assert.equal(receiver.requests.length, 2);
      assert.equal(new Set(receiver.requests.map((r) => r.idempotencyKey)).size, 2);
    } finally {
      await w.stop();
      await receiver.close();
    }
  });

  it('dead-letters a webhook message at once when its subscription was deleted', async () => {
    const w = worker();
    try {
      const tenant = await createTenant(t.db);
      const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
        enqueue(trx, tenant.id, 'webhook', { webhookId: crypto.randomUUID(), eventType: 'x', body: {} }),
      );
      await w.runOnce();
      const r = await row(id);
      assert.equal(r.status, 'dead');
      assert.equal(r.last_error, 'Webhook-Abonnement existiert nicht mehr');
    } finally {
      await w.stop();
    }
  });

  // A tenant's in-database messages of one batch share a transaction (worker.ts); one that fails
  // must not hold back the others, and what the failed batch wrote must not survive twice.
  it('a new-case notice that fails is retried alone; the others of its batch are delivered once', async () => {
    const tenant = await createTenant(t.db);
    const listener: DomainEventListener = async (trx, message, event) => {
      if (event.body.caseId === 'c-2') throw new Error('listener failed');
      await enqueue(trx, message.tenantId, 'email', { to: 'eingang@example.org', subject: `Neu: ${String(event.body.caseId)}`, text: '-' },
        { idempotencyKey: `notice:${String(event.body.caseId)}` });
    };
    const config = loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMTSDESK_OUTBOUND_ALLOW: TEST_OUTBOUND_ALLOW });
    const w = startOutboxWorkerWith({ domain_event: domainEventDeliverer([listener]) }, { db: t.db, config, pollMs: 3_600_000 });
    try {
      const ids = await withTenant(t.db, { tenantId: tenant.id }, async (trx) => [
        await enqueue(trx, tenant.id, 'domain_event', { eventType: 'case.created', body: { caseId: 'c-1' } }),
        await enqueue(trx, tenant.id, 'domain_event', { eventType: 'case.created', body: { caseId: 'c-2' } }),
        await enqueue(trx, tenant.id, 'domain_event', { eventType: 'case.created', body: { caseId: 'c-3' } }),
      ]);
      await w.runOnce();
      assert.deepEqual(await Promise.all(ids.map(async (id) => (await row(id)).status)), ['delivered', 'pending', 'delivered']);
      const failed = await row(ids[1]!);
      assert.equal(failed.attempts, 1);
      assert.equal(failed.last_error, 'Unbekannter Fehler bei der Zustellung');
      const notices = await t.adminQuery<{ subject: string }>(
        `select payload->>'subject' as subject from outbox where tenant_id = $1 and kind = 'email' order by 1`, [tenant.id]);
      assert.deepEqual(notices.map((n) => n.subject), ['Neu: c-1', 'Neu: c-3']);
    } finally {
      await w.stop();
    }
  });
});

