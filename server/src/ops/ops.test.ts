import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp } from '../../test/app.js';
import { openDatabase } from '../db/database.js';

describeEachDatabase('health, readiness and metrics', (t) => {
  it('/healthz answers while the process lives', async () => {
    const { app, close } = await createTestApp(t.db);
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: 'ok' });
    await close();
  });

  it('/readyz is 200 when the database answers and 503 problem+json when it does not', async () => {
    const { app, close } = await createTestApp(t.db);
    const ok = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ok.statusCode, 200);
    // A database server that does not answer: nothing listens on port 1.
    const unreachable = await openDatabase({ databaseUrl: 'postgres://amtsdesk@127.0.0.1:1/amtsdesk', migrate: false });
    const down = await createTestApp(unreachable);
    const res = await down.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 503);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(res.json().code, 'unavailable');
    assert.match(res.json().detail, /Datenbank/);
    await down.close();
    await unreachable.close();
    await close();
  });

  it('/metrics exposes request durations labelled by route template, never the raw URL', async () => {
    const { app, close } = await createTestApp(t.db);
    await app.inject({ method: 'GET', url: '/healthz?secret=erika.mustermann@example.org' });
    await app.inject({ method: 'GET', url: '/api/platform/tenants/0190f0c4-aaaa-7bbb-8ccc-123456789abc' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
    const body = res.body;
    const has = (pattern: RegExp) => assert.ok(pattern.test(body), `metrics lack ${pattern}`);
    has(/amtsdesk_http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} \d+/);
    has(/amtsdesk_process_cpu_user_seconds_total/);
    assert.ok(!body.includes('erika.mustermann'), 'query string leaked into metrics');
    assert.ok(!body.includes('0190f0c4-aaaa'), 'raw URL leaked into metrics');
    // Unknown addresses count under a template too (the SPA fallback's wildcard or "unmatched").
    has(/route="(unmatched|\/\*)",status_code="404"/);
    await close();
  });

  it('/metrics reports the database pool of a PostgreSQL instance: maximum, in use, waiting', async (ctx) => {
    if (t.kind !== 'postgres') return ctx.skip('the embedded database has no pool');
    const { app, close } = await createTestApp(t.db);
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    assert.match(body, /amtsdesk_db_pool_connections\{state="max"\} 5\n/, 'the test database opens a pool of 5');
    assert.match(body, /amtsdesk_db_pool_connections\{state="waiting"\} 0\n/);
    assert.match(body, /amtsdesk_db_pool_connections\{state="in_use"\} \d+\n/);
    await close();
  });
});
