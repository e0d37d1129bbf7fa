import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { createTenant, createUser } from '../../../test/factories.js';
import { makeCertificate } from '../../../test/postfach-standins.js';
import { withTenant } from '../../db/database.js';
import { postfachRouteFor } from './index.js';

const authority = makeCertificate('Stadt Musterstadt');
const other = makeCertificate('Jemand anderes');

describeEachDatabase('Postfach settings and routes', (t) => {
  let h: TestApp;
  before(async () => { h = await createTestApp(t.db); });
  after(async () => { await h?.close(); });

  async function admin() {
    const tenant = await createTenant(t.db);
    const user = await createUser(t.db, { tenant, roles: ['admin'] });
    return { tenant, headers: await sessionHeaders(t.db, user) };
  }
  const put = (headers: Record<string, string>, channel: string, payload: object) =>
    h.app.inject({ method: 'PUT', url: `/api/mailbox/postfach/${channel}`, headers, payload });
  const list = async (headers: Record<string, string>) => (await h.app.inject({ method: 'GET', url: '/api/mailbox/postfach', headers })).json().items as Array<Record<string, any>>;

  const bridge = {
    mode: 'fit_connect', baseUrl: 'https://fit.example.org/submission-api', tokenUrl: 'https://fit.example.org/token',
    destinationUrl: 'https://fit.example.org/destination-api', destinationId: '6f9f2c1e-5b7d-4a3c-9e1f-2d8b7a6c5e4f',
    clientId: 'amtsdesk-sender', clientSecret: 'streng-geheimes-client-secret', signingKey: authority.key, certificate: authority.cert,
  };

  it('lists all four adapters switched off; a complete BundID bridge is stored and its secrets are never read back', async () => {
    const { headers } = await admin();
    const before = await list(headers);
    assert.deepEqual(before.map((s) => [s.channel, s.enabled]), [['bundid', false], ['osi', false], ['bayernid', false], ['muk', false]]);
    assert.equal(before[0]!.label, 'BundID-Postfach (Zentrales Bürgerpostfach)');

    const res = await put(headers, 'bundid', { ...bridge, enabled: true, statusMonitor: true });
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json();
    assert.equal(view.enabled, true);
    assert.equal(view.hasClientSecret, true);
    assert.equal(view.hasSigningKey, true);
    assert.match(view.certificateSubject, /CN=Stadt Musterstadt/);
    assert.deepEqual(view.missing, []);
    const everything = JSON.stringify(await list(headers));
    assert.ok(!everything.includes('streng-geheimes-client-secret'), 'client secret is never read back');
    assert.ok(!everything.includes('PRIVATE KEY'), 'private key is never read back');
    // Leaving a secret out keeps it; the adapter stays complete.
    assert.equal((await put(headers, 'bundid', { senderName: 'Stadt Musterstadt – Bürgerbüro' })).json().hasClientSecret, true);
  });

  it('refuses a private or metadata address in any URL field and changes nothing', async () => {
    const { headers } = await admin();
    for (const [field, url] of [['baseUrl', 'http://10.0.0.5/zbp'], ['tokenUrl', 'http://169.254.169.254/latest/meta-data'], ['destinationUrl', 'https://192.168.1.20/api']] as const) {
      const res = await put(headers, 'bundid', { ...bridge, [field]: url });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().code, 'url_not_allowed');
      assert.equal(res.json().field, field);
    }
    const [bundid] = await list(headers);
    assert.equal(bundid!.baseUrl, null, 'nothing was stored');
    assert.equal(bundid!.hasClientSecret, false);
  });

  it('refuses to switch on an incomplete adapter, naming what is missing, and a certificate that does not belong to the key', async () => {
    const { headers } = await admin();
    const incomplete = await put(headers, 'bundid', { mode: 'fit_connect', baseUrl: bridge.baseUrl, enabled: true });
    assert.equal(incomplete.statusCode, 400);
    assert.match(incomplete.json().detail, /Es fehlt: .*Adresse des Token-Endpunkts/);
    const wrongCert = await put(headers, 'bundid', { ...bridge, certificate: other.cert });
    assert.equal(wrongCert.statusCode, 400);
    assert.equal(wrongCert.json().field, 'certificate');
    const notPem = await put(headers, 'bundid', { ...bridge, signingKey: 'kein Schlüssel' });
    assert.equal(notPem.json().field, 'signingKey');
    const badMode = await put(headers, 'muk', { mode: 'fit_connect' });
    assert.equal(badMode.statusCode, 400);
    assert.equal(badMode.json().field, 'mode');
    assert.equal((await put(headers, 'de-mail', { enabled: true })).statusCode, 404);
    assert.equal((await list(headers))[0]!.enabled, false);
  });

  it("another tenant's admin neither sees nor changes these settings; caseworkers may not read them", async () => {
    const a = await admin();
    assert.equal((await put(a.headers, 'muk', { baseUrl: 'https://gateway.example.org/muk', clientSecret: 'muk-secret-muk-secret', enabled: true })).statusCode, 200);
    const b = await admin();
    const seen = (await list(b.headers)).find((s) => s.channel === 'muk')!;
    assert.equal(seen.enabled, false);
    assert.equal(seen.baseUrl, null);
    const leaked = await withTenant(t.db, { tenantId: b.tenant.id }, (trx) => trx.selectFrom('postfach_settings').selectAll().where('tenant_id', '=', a.tenant.id).execute());
    assert.deepEqual(leaked, [], 'row-level security hides the other tenant\'s row');
    await put(b.headers, 'muk', { enabled: false });
    assert.equal((await list(a.headers)).find((s) => s.channel === 'muk')!.enabled, true);
    const caseworker = await createUser(t.db, { tenant: a.tenant, roles: ['caseworker'] });
    assert.equal((await h.app.inject({ method: 'GET', url: '/api/mailbox/postfach', headers: await sessionHeaders(t.db, caseworker) })).statusCode, 403);
  });

  it('routes by account type only to an adapter the tenant switched on, and says why in words', async () => {
    const { tenant, headers } = await admin();
    const company = { identifier: 'muk-7f3a', type: 'unternehmen', accountType: 'OSI', trustLevel: 'STORK-QAA-Level-3' };
    const route = (mailbox: Parameters<typeof postfachRouteFor>[2]) => withTenant(t.db, { tenantId: tenant.id }, (trx) => postfachRouteFor(trx, tenant.id, mailbox));

    const off = await route(company);
    assert.equal(off.channel, null);
    assert.equal(off.reason, 'Unternehmenskonto, Vertrauensniveau substanziell: Der Dienst „Postfach von Mein Unternehmenskonto“ ist bei Ihrer Kommune nicht eingerichtet.');

    await put(headers, 'muk', { baseUrl: 'https://gateway.example.org/muk', clientSecret: 'muk-secret-muk-secret', enabled: true });
    const on = await route(company);
    assert.equal(on.channel, 'muk');
    assert.equal(on.channel && on.label, 'Postfach von Mein Unternehmenskonto');
    assert.match(on.reason, /^Unternehmenskonto, Vertrauensniveau substanziell/);

    assert.equal((await route({ identifier: 'e0e02494-eca2-4a6b-9320-fc527747878c', type: 'BUND_ID', trustLevel: 'STORK-QAA-Level-4' })).channel, null);
    assert.match((await route({ identifier: 'x', type: 'BUND_ID', trustLevel: 'STORK-QAA-Level-4' })).reason, /^BundID-Konto, Vertrauensniveau hoch/);
    assert.match((await route({ identifier: 'x', type: 'Postkorb', accountType: 'BAYERN_ID' })).reason, /^BayernID-Bürgerkonto, Vertrauensniveau nicht angegeben/);
    assert.match((await route({ identifier: 'x', type: 'OSI', trustLevel: 'STORK-QAA-Level-1' })).reason, /^OSI-Servicekonto, Vertrauensniveau Basisregistrierung/);
    assert.match((await route({ identifier: 'x', type: 'DE-Mail' })).reason, /unbekannten Nutzerkonto/);
    assert.match((await route(undefined)).reason, /kein Postfach/);
  });
});
