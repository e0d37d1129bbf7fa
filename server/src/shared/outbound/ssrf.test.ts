import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { createService, createTenant, createUser } from '../../../test/factories.js';
import { startWebhookReceiver } from '../../../test/webhook-receiver.js';
import { loadConfig } from '../../config.js';
import { withTenant } from '../../db/database.js';
import { destinationKeys } from '../../../test/fit-connect-standin.js';
import { enqueue } from '../../outbox/enqueue.js';
import { insertWebhook } from '../../outbox/repository.js';
import { createWebhook } from '../../outbox/service.js';
import { startOutboxWorker } from '../../main/outbox.js';
import { caseInProgress, decisionWorld, setRequiresRelease } from '../../../test/decision-kit.js';
import { startMailboxStandIn } from '../../../test/mailbox-standin.js';
import { applicantCase, drainOutbox, multipart } from '../../../test/mailbox-kit.js';
import { INTERNAL_URLS } from '../../../test/internal-urls.js';
import { OUTBOUND_UNREACHABLE, parseOutboundPolicy, type OutboundPolicy } from './index.js';

const NOTHING_INTERNAL = parseOutboundPolicy('');
/** No network in tests: every name is unknown (public names pass the save-time check, then fail to connect). */
const OFFLINE: OutboundPolicy = { allow: [], resolve: async () => { throw Object.assign(new Error('offline'), { code: 'ENOTFOUND' }); } };
/** An installation whose DNS answers 127.0.0.1 for every name (a rebinding attacker's resolver). */
const REBINDING: OutboundPolicy = { allow: [], resolve: async () => [{ address: '127.0.0.1', family: 4 }] };

/** A TCP listener that counts connections: zero proves that no header, secret or body reached it. */
async function countingListener() {
  let count = 0;
  const server: Server = createTcpServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, connections: () => count, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describeEachDatabase('SSRF guard: every configured URL', (t) => {
  let h: TestApp;
  let headers: Record<string, string>;
  let serviceId: string;
  let privateJwk: Record<string, unknown>;
  before(async () => {
    h = await createTestApp(t.db, { outbound: OFFLINE });
    const tenant = await createTenant(t.db);
    headers = await sessionHeaders(t.db, await createUser(t.db, { tenant, roles: ['admin'] }));
    serviceId = (await createService(t.db, { tenant })).id;
    privateJwk = (await destinationKeys()).privateJwk;
  });
  after(() => h.close());

  const get = (url: string) => h.app.inject({ method: 'GET', url, headers }).then((r) => r.json());
  const routes = [
    {
      name: 'webhook', field: 'url',
      send: (url: string) => h.app.inject({ method: 'POST', url: '/api/admin/webhooks', headers, payload: { url, eventTypes: ['*'] } }),
      saved: async () => (await get('/api/admin/webhooks')).items.length,
    },
    {
      name: 'document generator', field: 'generatorUrl',
      send: (url: string) => h.app.inject({ method: 'PUT', url: `/api/admin/decision-settings/${serviceId}`, headers, payload: { requiresRelease: false, generatorUrl: url } }),
      saved: async () => (await get('/api/admin/decision-settings')).items.filter((s: { generatorUrl: string | null }) => s.generatorUrl).length,
    },
    {
      name: 'mailbox service', field: 'externalBaseUrl',
      send: (url: string) => h.app.inject({ method: 'PUT', url: '/api/mailbox/settings', headers, payload: { externalBaseUrl: url, token: 'geheim' } }),
      saved: async () => ((await get('/api/mailbox/settings')).externalBaseUrl ? 1 : 0),
    },
    {
      name: 'FIT-Connect Submission API', field: 'submissionApiUrl',
      send: (url: string) => h.app.inject({ method: 'POST', url: '/api/admin/fit-connect/destinations', headers, payload: { destinationId: randomUUID(), submissionApiUrl: url, privateJwk } }),
      saved: async () => (await get('/api/admin/fit-connect/destinations')).items.length,
    },
  ];

  for (const route of routes) {
    it(`${route.name}: every internal notation and plain http are refused with a German 422 naming the field, nothing saved`, async () => {
      for (const url of [...INTERNAL_URLS, 'http://fachverfahren.example/']) {
        const res = await route.send(url);
        assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
        assert.equal(res.json().code, 'url_not_allowed');
        assert.equal(res.json().field, route.field);
        assert.match(res.json().detail, new RegExp(`Adresse.*„${route.field}“`));
      }
      assert.equal(await route.saved(), 0, 'a refused URL was saved');
    });
  }

  it('a public https URL passes the check on every route', async () => {
    for (const route of routes.slice(0, 3)) {
      const res = await route.send('https://fachverfahren.example/eingang');
      assert.ok(res.statusCode === 200 || res.statusCode === 201, `${route.name}: ${res.body}`);
    }
    // FIT-Connect then asks the Submission API for the destination's key, which (offline) fails alike.
    const fit = await routes[3]!.send('https://fachverfahren.example/eingang');
    assert.equal(fit.statusCode, 503, fit.body);
    assert.ok(fit.json().detail.includes(OUTBOUND_UNREACHABLE));
  });
});

describeEachDatabase('SSRF guard at connect time', (t) => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-ssrf-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const worker = (outbound: OutboundPolicy) =>
    startOutboxWorker({ db: t.db, config: { ...loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), outbound }, pollMs: 3_600_000 });
  const lastError = async (id: string) => (await t.adminQuery<{ last_error: string | null; status: string }>('select last_error, status from outbox where id = $1', [id]))[0]!;
  const enqueueHook = (tenantId: string, webhookId: string) =>
    withTenant(t.db, { tenantId }, (trx) => enqueue(trx, tenantId, 'webhook', { webhookId, eventType: 'case.created', body: { caseId: 'c-1' } }, { idempotencyKey: `k-${randomUUID()}` }));

  it('a webhook name that resolves to 127.0.0.1 is refused after DNS: no connection, no signature sent', async () => {
    const listener = await countingListener();
    const w = worker(REBINDING);
    try {
      const tenant = await createTenant(t.db);
      const { webhook } = await createWebhook(t.db, tenant.id, { url: `https://fachverfahren.example:${listener.port}/hook`, eventTypes: ['*'] }, REBINDING);
      const id = await enqueueHook(tenant.id, webhook.id);
      await w.runOnce();
      assert.deepEqual(await lastError(id), { last_error: OUTBOUND_UNREACHABLE, status: 'pending' });
      assert.equal(listener.connections(), 0);
    } finally {
      await w.stop();
      await listener.close();
    }
  });

  it('a loopback URL saved before the guard existed is refused at delivery; the receiver gets nothing', async () => {
    const receiver = await startWebhookReceiver();
    const w = worker(NOTHING_INTERNAL);
    try {
      const tenant = await createTenant(t.db);
      const hook = await withTenant(t.db, { tenantId: tenant.id }, (trx) => insertWebhook(trx, tenant.id, { id: randomUUID(), url: receiver.url, secret: 'whsec_x', eventTypes: ['*'] }));
      const id = await enqueueHook(tenant.id, hook.id);
      await w.runOnce();
      assert.equal((await lastError(id)).last_error, OUTBOUND_UNREACHABLE);
      assert.equal(receiver.requests.length, 0, 'the signed request reached an internal address');
    } finally {
      await w.stop();
      await receiver.close();
    }
  });

  it('a redirect from an allowed receiver to an internal address is not followed', async () => {
    const internal = await startWebhookReceiver();
    const redirector = createHttpServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: internal.url }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const port = (redirector.address() as AddressInfo).port;
    const onlyRedirector = parseOutboundPolicy(`127.0.0.1:${port}`);
    const w = worker(onlyRedirector);
    try {
      const tenant = await createTenant(t.db);
      const { webhook } = await createWebhook(t.db, tenant.id, { url: `http://127.0.0.1:${port}/hook`, eventTypes: ['*'] }, onlyRedirector);
      const id = await enqueueHook(tenant.id, webhook.id);
      await w.runOnce();
      assert.equal((await lastError(id)).last_error, 'HTTP 307');
      assert.equal(internal.requests.length, 0, 'the redirect was followed');
    } finally {
      await w.stop();
      await new Promise<void>((r) => redirector.close(() => r()));
      await internal.close();
    }
  });

  it("the mailbox service's bearer token is not sent once its address is no longer allowed", async () => {
    const standIn = await startMailboxStandIn({ token: 'service-token' });
    const h = await createTestApp(t.db); // saved while the operator allowed the on-site service (loopback)
    try {
      const tenant = await createTenant(t.db);
      const admin = await createUser(t.db, { tenant, roles: ['admin'] });
      const put = await h.app.inject({ method: 'PUT', url: '/api/mailbox/settings', headers: await sessionHeaders(t.db, admin), payload: { externalBaseUrl: standIn.baseUrl, token: 'service-token' } });
      assert.equal(put.statusCode, 200, put.body);
      const kase = await applicantCase(t.db, tenant, 'ida@example.org', 'postfach-4711');
      const form = multipart([{ name: 'subject', value: 'Rückfrage' }, { name: 'body', value: 'Bitte senden Sie uns den Nachweis.' }]);
      const sent = await h.app.inject({ method: 'POST', url: `/api/cases/${kase.caseId}/messages`, headers: { ...kase.headers, ...form.headers }, payload: form.payload });
      assert.equal(sent.statusCode, 201, sent.body);
      // The operator then removes the allow-list entry: delivery stops at the guard.
      await drainOutbox(t.db, { ...h.config, outbound: NOTHING_INTERNAL }, 1);
      assert.equal(standIn.requests.length, 0, 'the bearer token reached an address that is not allowed');
      const rows = await t.adminQuery<{ last_error: string }>("select last_error from outbox where kind = 'mailbox_message' and tenant_id = $1", [tenant.id]);
      assert.equal(rows[0]?.last_error, OUTBOUND_UNREACHABLE);
    } finally {
      await h.close();
      await standIn.close();
    }
  });

  it('a generator name that resolves to loopback: 502 with the one German text, no connection, nothing stored', async () => {
    const listener = await countingListener();
    const w = await decisionWorld(t, { outbound: REBINDING });
    try {
      await setRequiresRelease(w, false, `https://generator.example:${listener.port}/pdf`);
      const kase = await caseInProgress(t, w);
      const res = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: w.headers.author, payload: { source: 'generator', kind: 'approval' } });
      assert.equal(res.statusCode, 502);
      assert.ok(res.json().detail.includes(OUTBOUND_UNREACHABLE), res.body);
      assert.equal(listener.connections(), 0);
      const list = await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/decisions`, headers: w.headers.author });
      assert.equal(list.json().items.length, 0);
    } finally {
      await w.test.close();
      await listener.close();
    }
  });
});
