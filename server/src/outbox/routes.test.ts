import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders } from '../../test/app.js';
import { createTenant, createUser } from '../../test/factories.js';
import { createOperatorSession, CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.js';
import { withPlatform, withTenant, type Database } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';
import { enqueue } from './enqueue.js';

async function operatorHeaders(db: Database) {
  const id = uuidv7();
  await withPlatform(db, (trx) => trx.insertInto('operators').values({ id, email: `betrieb-${id}@rz.example`, display_name: 'Betrieb', password_hash: null }).execute());
  const session = await createOperatorSession(db, id, 1);
  return { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
}

async function deadLetter(t: { db: Database; adminQuery: (q: string, p?: unknown[]) => Promise<unknown[]> }, tenantId: string) {
  const id = await withTenant(t.db, { tenantId }, (trx) =>
    enqueue(trx, tenantId, 'email', { to: 'anna.schmidt@example.org', subject: 'Ihr Antrag', text: 'Sehr geehrte Frau Schmidt' }),
  );
  await t.adminQuery(`update outbox set status = 'dead', attempts = 10, last_error = 'SMTP 550' where id = $1`, [id]);
  return id;
}

describeEachDatabase('outbox and webhook administration API', (t) => {
  it('an admin subscribes a webhook, sees the secret once, lists and deletes it', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const admin = await createUser(t.db, { roles: ['admin'] });
      const headers = await sessionHeaders(t.db, admin);
      const created = await app.inject({ method: 'POST', url: '/api/admin/webhooks', headers, payload: { url: 'https://fachverfahren.example/hook', eventTypes: ['case.created'] } });
      assert.equal(created.statusCode, 201, created.body);
      const hook = created.json();
      assert.match(hook.secret, /^whsec_/);
      assert.deepEqual(hook.eventTypes, ['case.created']);

      const list = await app.inject({ method: 'GET', url: '/api/admin/webhooks', headers });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(list.json().items.map((h: { id: string }) => h.id), [hook.id]);
      assert.ok(!list.body.includes(hook.secret), 'the secret is never shown again');

      const removed = await app.inject({ method: 'DELETE', url: `/api/admin/webhooks/${hook.id}`, headers });
      assert.equal(removed.statusCode, 204);
      const again = await app.inject({ method: 'DELETE', url: `/api/admin/webhooks/${hook.id}`, headers });
      assert.equal(again.statusCode, 404);
      assert.equal((await app.inject({ method: 'GET', url: '/api/admin/webhooks', headers })).json().items.length, 0);
    } finally {
      await close();
    }
  });

  it('refuses non-http URLs and empty event types with a German message naming the field', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const admin = await createUser(t.db, { roles: ['admin'] });
      const headers = await sessionHeaders(t.db, admin);
      const ftp = await app.inject({ method: 'POST', url: '/api/admin/webhooks', headers, payload: { url: 'ftp://example.org/x', eventTypes: ['case.created'] } });
      assert.equal(ftp.statusCode, 400);
      assert.equal(ftp.json().field, 'url');
      assert.match(ftp.json().detail, /http/);
      const none = await app.inject({ method: 'POST', url: '/api/admin/webhooks', headers, payload: { url: 'https://example.org/x', eventTypes: [] } });
      assert.equal(none.statusCode, 400);
      assert.match(none.json().field, /eventTypes/);
    } finally {
      await close();
    }
  });

  it('only admins manage webhooks and the outbox', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const worker = await createUser(t.db, { roles: ['caseworker'] });
      const res = await app.inject({ method: 'GET', url: '/api/admin/outbox', headers: await sessionHeaders(t.db, worker) });
      assert.equal(res.statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: '/api/admin/webhooks' })).statusCode, 401);
      const token = await tokenHeaders(t.db, worker.tenant.id, ['cases:read']);
      assert.equal((await app.inject({ method: 'POST', url: '/api/admin/webhooks', headers: token, payload: { url: 'https://a.example', eventTypes: ['*'] } })).statusCode, 403);
    } finally {
      await close();
    }
  });

  it('lists messages by status without their content, and retries a dead letter', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const admin = await createUser(t.db, { roles: ['admin'] });
      const headers = await sessionHeaders(t.db, admin);
      const id = await deadLetter(t, admin.tenant.id);
      const dead = await app.inject({ method: 'GET', url: '/api/admin/outbox?status=dead', headers });
      assert.equal(dead.statusCode, 200);
      const item = dead.json().items.find((m: { id: string }) => m.id === id);
      assert.deepEqual([item.kind, item.status, item.attempts, item.lastError], ['email', 'dead', 10, 'SMTP 550']);
      assert.ok(!/Schmidt|anna|Antrag/.test(dead.body), 'no payload content in the listing');
      assert.equal((await app.inject({ method: 'GET', url: '/api/admin/outbox?status=pending', headers })).json().items.some((m: { id: string }) => m.id === id), false);

      const retried = await app.inject({ method: 'POST', url: `/api/admin/outbox/${id}/retry`, headers });
      assert.equal(retried.statusCode, 200, retried.body);
      assert.deepEqual([retried.json().status, retried.json().attempts], ['pending', 0]);
      const twice = await app.inject({ method: 'POST', url: `/api/admin/outbox/${id}/retry`, headers });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().code, 'conflict');
    } finally {
      await close();
    }
  });

  it("another tenant's messages and webhooks answer 404 and never show up", async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const mine = await createUser(t.db, { roles: ['admin'] });
      const theirs = await createUser(t.db, { roles: ['admin'] });
      const theirDead = await deadLetter(t, theirs.tenant.id);
      const theirHook = await app.inject({
        method: 'POST',
        url: '/api/admin/webhooks',
        headers: await sessionHeaders(t.db, theirs),
        payload: { url: 'https://other.example/hook', eventTypes: ['*'] },
      });
      const headers = await sessionHeaders(t.db, mine);
      assert.equal((await app.inject({ method: 'POST', url: `/api/admin/outbox/${theirDead}/retry`, headers })).statusCode, 404);
      assert.equal((await app.inject({ method: 'DELETE', url: `/api/admin/webhooks/${theirHook.json().id}`, headers })).statusCode, 404);
      assert.equal((await app.inject({ method: 'GET', url: '/api/admin/outbox?status=dead', headers })).json().items.length, 0);
      assert.equal((await app.inject({ method: 'GET', url: '/api/admin/webhooks', headers })).json().items.length, 0);
    } finally {
      await close();
    }
  });

  it('operators see dead letters of all tenants without content; tenants cannot use that view', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const a = await createTenant(t.db);
      const b = await createTenant(t.db);
      const deadA = await deadLetter(t, a.id);
      const deadB = await deadLetter(t, b.id);
      const res = await app.inject({ method: 'GET', url: '/api/platform/outbox/dead-letters', headers: await operatorHeaders(t.db) });
      assert.equal(res.statusCode, 200, res.body);
      const byId = new Map(res.json().items.map((d: { id: string; tenantId: string }) => [d.id, d.tenantId]));
      assert.equal(byId.get(deadA), a.id);
      assert.equal(byId.get(deadB), b.id);
      assert.ok(!/Schmidt|anna/.test(res.body));
      const admin = await createUser(t.db, { roles: ['admin'] });
      assert.equal((await app.inject({ method: 'GET', url: '/api/platform/outbox/dead-letters', headers: await sessionHeaders(t.db, admin) })).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: '/api/admin/outbox', headers: await operatorHeaders(t.db) })).statusCode, 403);
    } finally {
      await close();
    }
  });
});
