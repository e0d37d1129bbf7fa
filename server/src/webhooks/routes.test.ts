import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, tokenHeaders } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { caseStories } from '../../test/event-kit.js';

describeEachDatabase('webhook endpoints and the event feed over HTTP', (t) => {
  async function world() {
    const tenant = await createTenant(t.db);
    const admin = await createUser(t.db, { tenant, roles: ['admin'] });
    return { tenant, headers: await sessionHeaders(t.db, admin) };
  }

  it('bad input gets German problem+json naming the field and stores nothing', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const { headers } = await world();
      const internal = await call(app, 'POST', '/api/admin/webhook-endpoints', headers, { url: 'http://169.254.169.254/latest', eventTypes: ['*'] });
      assert.equal(internal.status, 422);
      assert.equal(internal.body.code, 'url_not_allowed', 'the SSRF guard refuses internal addresses');
      const unknown = await call(app, 'POST', '/api/admin/webhook-endpoints', headers, { url: 'https://fachverfahren.example.de/hook', eventTypes: ['case.created', 'case.exploded'] });
      assert.equal(unknown.status, 422);
      assert.equal(unknown.body.code, 'event_type_unknown');
      assert.equal(unknown.body.field, 'eventTypes');
      assert.match(unknown.body.detail, /„case\.exploded“/);
      const list = await call(app, 'GET', '/api/admin/webhook-endpoints', headers);
      assert.deepEqual(list.body.items, []);
      const badCursor = await call(app, 'GET', '/api/events?after=abc', headers);
      assert.equal(badCursor.status, 400);
      assert.match(badCursor.body.detail, /after/);
    } finally {
      await close();
    }
  });

  it("another tenant's endpoints, deliveries and events are invisible (404, empty feed)", async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const a = await world();
      const b = await world();
      const created = await call(app, 'POST', '/api/admin/webhook-endpoints', a.headers, { url: 'https://fachverfahren.example.de/hook', eventTypes: ['case.created'] });
      assert.equal(created.status, 201);
      assert.equal('secret' in (await call(app, 'GET', '/api/admin/webhook-endpoints', a.headers)).body.items[0], false, 'the secret is shown only once');
      await caseStories(t.db, a.tenant, 1);
      const deliveries = await call(app, 'GET', '/api/admin/webhook-deliveries', a.headers);
      assert.equal(deliveries.body.items.length, 1, 'one delivery: case.created to the subscribed endpoint, not the status changes');
      assert.equal(deliveries.body.items[0].eventType, 'case.created');

      assert.equal((await call(app, 'DELETE', `/api/admin/webhook-endpoints/${created.body.id}`, b.headers)).status, 404);
      assert.equal((await call(app, 'POST', `/api/admin/webhook-endpoints/${created.body.id}/reset`, b.headers)).status, 404);
      assert.equal((await call(app, 'POST', `/api/admin/webhook-deliveries/${deliveries.body.items[0].id}/resend`, b.headers)).status, 404);
      assert.deepEqual((await call(app, 'GET', '/api/admin/webhook-deliveries', b.headers)).body.items, []);
      assert.deepEqual((await call(app, 'GET', '/api/events', b.headers)).body.items, []);
      assert.equal((await call(app, 'GET', '/api/events', a.headers)).body.items.length, 3);

      const notDead = await call(app, 'POST', `/api/admin/webhook-deliveries/${deliveries.body.items[0].id}/resend`, a.headers);
      assert.equal(notDead.status, 409);
      assert.equal(notDead.body.code, 'webhook_delivery_not_dead');
    } finally {
      await close();
    }
  });

  it('the feed needs events.read: an admin or a cases:read key, not a caseworker limited to org units', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const { tenant } = await world();
      const caseworker = await createUser(t.db, { tenant, roles: ['caseworker'] });
      assert.equal((await call(app, 'GET', '/api/events', await sessionHeaders(t.db, caseworker))).status, 403);
      assert.equal((await call(app, 'GET', '/api/events', await tokenHeaders(t.db, tenant.id, ['cases:write']))).status, 403);
      assert.equal((await call(app, 'GET', '/api/events', await tokenHeaders(t.db, tenant.id, ['cases:read']))).status, 200);
    } finally {
      await close();
    }
  });
});
