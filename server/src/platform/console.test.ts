import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createCase, createTenant, createUser } from '../../test/factories.js';
import { createOperator } from '../auth/operators.js';
import { createOperatorSession, CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.js';
import { withPlatform, withTenant } from '../db/database.js';
import { enqueue } from '../outbox/enqueue.js';
import { beat, thisInstance } from '../ops/instances.js';
import { refreshTenantUsage } from './tenant-console.js';

let n = 0;
async function signedInOperator(db: Parameters<typeof createOperator>[0], name = 'Betrieb') {
  const op = await createOperator(db, { email: `konsole-${Date.now()}-${n++}@rechenzentrum.example`, displayName: name, password: 'ein-langes-passwort-1' });
  const session = await createOperatorSession(db, op.id, 1);
  return { id: op.id, headers: { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken } };
}

describeEachDatabase('operator console API', (t) => {
  let h: TestApp;
  let op: Awaited<ReturnType<typeof signedInOperator>>;
  before(async () => {
    h = await createTestApp(t.db);
    op = await signedInOperator(t.db, 'Petra Betrieb');
  });
  after(async () => h.close());
  const get = (url: string, headers: Record<string, string> = op.headers) => h.app.inject({ method: 'GET', url, headers });
  const post = (url: string, payload?: object, headers = op.headers) => h.app.inject({ method: 'POST', url, headers, payload });

  it('lists tenants with cases from the counters, last intake and measured storage, page by page', async () => {
    const busy = await createTenant(t.db, { name: 'Aaa Amt Busy', slug: 'aaa-busy', ags: '01051001' });
    const quiet = await createTenant(t.db, { name: 'Aaa Amt Quiet', slug: 'aaa-quiet', ags: '01051002' });
    const first = await createCase(t.db, { tenant: busy });
    await createCase(t.db, { tenant: busy });
    await t.adminQuery(
      `insert into attachments (id, tenant_id, case_id, file_name, mime_type, size_bytes, sha256) values (gen_random_uuid(), $1, $2, 'a.pdf', 'application/pdf', 4096, repeat('a', 64))`,
      [busy.id, first.id],
    );
    const before = await get('/api/platform/tenants/overview?q=Aaa%20Amt');
    assert.equal(before.statusCode, 200, before.body);
    const busyRow = before.json().items.find((i: { slug: string }) => i.slug === 'aaa-busy');
    assert.equal(busyRow.cases, 2);
    assert.ok(busyRow.lastIntakeAt, 'the newest intake is shown');
    assert.equal(busyRow.storageBytes, null, 'not measured yet');

    await refreshTenantUsage(t.db);
    const measured = (await get('/api/platform/tenants/overview?q=aaa-')).json().items;
    assert.deepEqual(
      measured.map((i: { slug: string; cases: number; storageBytes: number; files: number }) => [i.slug, i.cases, i.storageBytes, i.files]),
      [['aaa-busy', 2, 4096, 1], ['aaa-quiet', 0, 0, 0]],
    );
    assert.equal(measured[1].lastIntakeAt, null);

    const page1 = (await get('/api/platform/tenants/overview?q=Aaa&limit=1')).json();
    assert.deepEqual(page1.items.map((i: { id: string }) => i.id), [busy.id]);
    const page2 = (await get(`/api/platform/tenants/overview?q=Aaa&limit=1&after=${page1.nextCursor}`)).json();
    assert.deepEqual(page2.items.map((i: { id: string }) => i.id), [quiet.id]);
    assert.equal(page2.nextCursor, null);
    assert.equal((await get('/api/platform/tenants/overview?q=0105100')).json().items.length, 2, 'AGS prefix finds both');
    assert.equal((await get('/api/platform/tenants/overview?q=%25')).json().items.length, 0, 'a % is a character, not a wildcard');

    const bad = await get('/api/platform/tenants/overview?after=kaputt');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'after');
  });

  it("renews the first admin's invitation: the new link works, the old one no longer; refused once the admin signed in", async () => {
    const tenant = await createTenant(t.db, { name: 'Gemeinde Erneuert', slug: 'erneuert' });
    const renewed = await post(`/api/platform/tenants/${tenant.id}/invitation`);
    assert.equal(renewed.statusCode, 200, renewed.body);
    const token = /#token=(.+)$/.exec(renewed.json().inviteLink)![1]!;
    const accept = (tok: string) => h.app.inject({ method: 'POST', url: '/api/auth/invite/accept', payload: { token: tok, password: 'ein-neues-langes-passwort-7' } });
    assert.equal((await accept(tenant.inviteToken)).statusCode >= 400, true, 'the old link is dead');
    assert.equal((await accept(token)).statusCode, 200);

    const again = await post(`/api/platform/tenants/${tenant.id}/invitation`);
    assert.equal(again.statusCode, 409);
    assert.match(again.json().detail, /bereits angemeldet/);
    assert.equal((await post('/api/platform/tenants/01890000-0000-7000-8000-000000000000/invitation')).statusCode, 404);
  });

  it('shows dead letters of every tenant with tenant and error class, and retries one in its tenant', async () => {
    const tenant = await createTenant(t.db, { name: 'Amt Unzustellbar', slug: 'unzustellbar' });
    const id = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
      enqueue(trx, tenant.id, 'email', { to: 'anna.schmidt@example.org', subject: 'Ihr Antrag', text: 'Sehr geehrte Frau Schmidt' }),
    );
    await t.adminQuery(`update outbox set status = 'dead', attempts = 8, last_error = 'SMTP 550' where id = $1`, [id]);
    const list = await get('/api/platform/outbox/dead-letters');
    const item = list.json().items.find((i: { id: string }) => i.id === id);
    assert.deepEqual([item.tenantSlug, item.tenantName, item.kind, item.attempts, item.errorClass], ['unzustellbar', 'Amt Unzustellbar', 'email', 8, 'rejected']);
    assert.doesNotMatch(list.body, /Schmidt|anna|Sehr geehrte/);

    const retried = await post(`/api/platform/outbox/dead-letters/${id}/retry`);
    assert.equal(retried.statusCode, 200, retried.body);
    assert.deepEqual([retried.json().tenantId, retried.json().status, retried.json().attempts], [tenant.id, 'pending', 0]);
    assert.equal((await post(`/api/platform/outbox/dead-letters/${id}/retry`)).statusCode, 404, 'no longer dead');
  });

  it('never answers an operator with case content, and refuses operators on tenant routes', async () => {
    const tenant = await createTenant(t.db, { name: 'Amt Inhalt', slug: 'inhalt' });
    const kase = await createCase(t.db, { tenant });
    await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
      enqueue(trx, tenant.id, 'email', { to: 'anna.schmidt@example.org', subject: 'Rückfrage', text: 'Bitte reichen Sie den Impfpass nach' }),
    );
    await t.adminQuery(`update outbox set status = 'dead', last_error = 'HTTP 500' where tenant_id = $1`, [tenant.id]);
    await t.adminQuery(
      `insert into unrouted_submissions (id, channel, transaction_id, reason_code, reason, routing_hints, submission)
       values (gen_random_uuid(), 'ozg', 'ozg-inhalt-1', 'unknown_authority', 'Keine Kommune für 08111000', '{"authority":"08111000"}',
               '{"formData":[{"name":"hund","label":"Hund","stringValue":"Dackel"}],"applicant":{"lastName":"Schmidt"}}')`,
    );
    await refreshTenantUsage(t.db);
    await post(`/api/platform/tenants/${tenant.id}/invitation`);
    const answers = await Promise.all(
      ['/api/platform/tenants', '/api/platform/tenants/overview?limit=200', '/api/platform/outbox/dead-letters', '/api/platform/intake/unrouted',
        '/api/platform/audit/actions?limit=200', '/api/platform/instances', '/api/platform/me'].map((url) => get(url)),
    );
    assert.match(answers[3]!.body, /08111000/, 'the parked submission is listed');
    for (const res of answers) {
      assert.equal(res.statusCode, 200, res.body);
      assert.doesNotMatch(res.body, /Schmidt|Anna|Dackel|Hauptstraße|Impfpass|Rückfrage|anna\.schmidt/, 'no form data, names or message bodies');
    }
    for (const url of ['/api/cases', `/api/cases/${kase.id}`, `/api/cases/${kase.id}/events`, '/api/admin/users', '/api/admin/outbox']) {
      assert.ok([401, 403].includes((await get(url)).statusCode), `${url} is refused to operators`);
    }
  });

  it('records every operator action in an append-only audit, newest first, with a filter for one’s own', async () => {
    const other = await signedInOperator(t.db, 'Olaf Anders');
    const created = await post('/api/platform/tenants', { name: 'Gemeinde Protokoll', kind: 'municipality', ags: '01059999', adminEmail: 'it@protokoll.example', adminName: 'P' });
    assert.equal(created.statusCode, 201);
    await post(`/api/platform/tenants/${created.json().tenantId}/invitation`, undefined, other.headers);
    const all = (await get('/api/platform/audit/actions?limit=200')).json().items;
    const mine = (await get('/api/platform/audit/actions?mine=true&limit=200', other.headers)).json().items;
    const provisioned = all.find((e: { action: string; tenantId: string }) => e.action === 'tenant.provisioned' && e.tenantId === created.json().tenantId);
    assert.equal(provisioned.operatorName, 'Petra Betrieb');
    assert.equal(provisioned.tenantName, 'Gemeinde Protokoll');
    assert.deepEqual(mine.map((e: { action: string }) => e.action), ['tenant.invitation_renewed']);
    assert.ok(all.findIndex((e: { action: string }) => e.action === 'tenant.invitation_renewed') < all.indexOf(provisioned), 'newest first');

    await assert.rejects(withPlatform(t.db, (trx) => trx.updateTable('platform_audit').set({ action: 'operator.signed_in' }).execute()), 'the app cannot rewrite the audit');
    const user = await createUser(t.db, { roles: ['admin'] });
    assert.equal((await get('/api/platform/audit/actions', await sessionHeaders(t.db, user))).statusCode, 403);
    assert.equal((await get('/api/platform/audit/actions?action=gibt_es_nicht')).statusCode, 400);
  });

  it('shows this instance with its version, and every instance that reported itself, silent ones marked', async () => {
    await beat(t.db, { id: 'worker-a', role: 'worker', version: '0.0.9', host: 'knoten-2', startedAt: new Date() });
    await t.adminQuery(`insert into instances values ('web-alt', 'web', '0.0.8', 'knoten-3', now() - interval '2 hours', now() - interval '10 minutes')`);
    const res = await get('/api/platform/instances');
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.database, 'ok');
    const me = thisInstance('web');
    assert.equal(body.version, me.version);
    const byId = new Map(body.instances.map((i: { id: string }) => [i.id, i]));
    assert.deepEqual(Object.values(byId.get(me.id) as object).slice(0, 3), [me.id, 'web', me.version]);
    assert.equal((byId.get('worker-a') as { state: string }).state, 'running');
    assert.equal((byId.get('web-alt') as { state: string }).state, 'silent');
  });
});
