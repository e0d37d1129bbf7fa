import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createTenant, createUser } from '../../test/factories.js';
import { authorizeAtProvider, runOidcFlow } from '../../test/oidc-flow.js';
import { withTenant } from '../db/database.js';
import { SESSION_COOKIE } from './sessions.js';

interface Account { email: string; email_verified: boolean }

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describeEachDatabase('OpenID Connect sign-in against a real provider', (t) => {
  const accounts = new Map<string, Account>();
  const idp = createServer();
  let ta: TestApp;
  let appBase: string;

  before(async () => {
    const issuer = `http://127.0.0.1:${await listen(idp)}`;
    const appPort = await freePort();
    appBase = `http://127.0.0.1:${appPort}`;
    const redirectUri = `${appBase}/api/auth/oidc/callback`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'amtsdesk',
          client_secret: 'ein-geheimnis-nur-fuer-tests',
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      async findAccount(_ctx: unknown, sub: string) {
        const account = accounts.get(sub);
        return account ? { accountId: sub, claims: async () => ({ sub, ...account }) } : undefined;
      },
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      cookies: { keys: ['cookie-schluessel-fuer-tests'] },
    });
    idp.on('request', provider.callback());
    ta = await createTestApp(t.db, {
      publicUrl: appBase,
      oidc: { issuer, clientId: 'amtsdesk', clientSecret: 'ein-geheimnis-nur-fuer-tests', redirectUri },
    });
    await ta.app.listen({ port: appPort, host: '127.0.0.1' });
  });
  after(async () => {
    await ta?.close();
    await new Promise((resolve) => idp.close(resolve));
  });

  const me = (cookie: string) => fetch(`${appBase}/api/auth/me`, { headers: { cookie } });

  it('signs in an existing user by verified e-mail, links the subject, and /me works with the cookie', async () => {
    const tenant = await createTenant(t.db);
    const user = await createUser(t.db, { tenant, email: 'greta.oidc@musterstadt.example', displayName: 'Greta Graf' });
    accounts.set('kc-greta', { email: 'Greta.OIDC@musterstadt.example', email_verified: true });

    const flow = await runOidcFlow(appBase, tenant.slug, 'kc-greta');
    assert.equal(flow.authorizationUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(flow.authorizationUrl.searchParams.get('code_challenge'));
    assert.ok(flow.authorizationUrl.searchParams.get('state'));
    assert.ok(flow.authorizationUrl.searchParams.get('nonce'));
    assert.equal(flow.callback.status, 302);
    assert.equal(flow.callback.headers.get('location'), '/');
    const session = flow.appCookies.get(SESSION_COOKIE);
    assert.ok(session, 'the callback sets the session cookie');
    assert.match(flow.callback.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))!, /HttpOnly/i);

    const res = await me(`${SESSION_COOKIE}=${session}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { user: { id: string; displayName: string }; tenant: { slug: string } };
    assert.equal(body.user.id, user.id);
    assert.equal(body.user.displayName, 'Greta Graf');
    assert.equal(body.tenant.slug, tenant.slug);

    const linked = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
      trx.selectFrom('users').select('oidc_subject').where('id', '=', user.id).executeTakeFirstOrThrow(),
    );
    assert.equal(linked.oidc_subject, 'kc-greta');
    const events = await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
      trx.selectFrom('case_events').select('type').where('type', '=', 'user.oidc_linked').execute(),
    );
    assert.equal(events.length, 1);

    // Next time the subject alone identifies her, even after her e-mail changed at the provider.
    accounts.set('kc-greta', { email: 'greta.neu@musterstadt.example', email_verified: true });
    const again = await runOidcFlow(appBase, tenant.slug, 'kc-greta');
    assert.equal(again.callback.headers.get('location'), '/');
    assert.ok(again.appCookies.get(SESSION_COOKIE));
  });

  it('an unknown person gets no session and is sent back to the sign-in page', async () => {
    const tenant = await createTenant(t.db);
    accounts.set('kc-fremd', { email: 'fremd@anderswo.example', email_verified: true });
    const flow = await runOidcFlow(appBase, tenant.slug, 'kc-fremd');
    assert.equal(flow.callback.status, 302);
    assert.equal(flow.callback.headers.get('location'), '/anmelden?fehler=oidc_unbekannt');
    assert.equal(flow.appCookies.get(SESSION_COOKIE), undefined);
  });

  it('an unverified e-mail address or a deactivated account does not sign in', async () => {
    const tenant = await createTenant(t.db);
    await createUser(t.db, { tenant, email: 'unbestaetigt@musterstadt.example' });
    accounts.set('kc-unverified', { email: 'unbestaetigt@musterstadt.example', email_verified: false });
    const unverified = await runOidcFlow(appBase, tenant.slug, 'kc-unverified');
    assert.equal(unverified.callback.headers.get('location'), '/anmelden?fehler=oidc_unbekannt');
    assert.equal(unverified.appCookies.get(SESSION_COOKIE), undefined);

    const inactive = await createUser(t.db, { tenant, email: 'ausgeschieden@musterstadt.example' });
    await withTenant(t.db, { tenantId: tenant.id }, (trx) => trx.updateTable('users').set({ active: false }).where('id', '=', inactive.id).execute());
    accounts.set('kc-inactive', { email: 'ausgeschieden@musterstadt.example', email_verified: true });
    const refused = await runOidcFlow(appBase, tenant.slug, 'kc-inactive');
    assert.equal(refused.callback.headers.get('location'), '/anmelden?fehler=oidc_unbekannt');
    assert.equal(refused.appCookies.get(SESSION_COOKIE), undefined);
  });

  it('the callback works once and only in the browser that started the sign-in', async () => {
    const tenant = await createTenant(t.db);
    await createUser(t.db, { tenant, email: 'einmal@musterstadt.example' });
    accounts.set('kc-einmal', { email: 'einmal@musterstadt.example', email_verified: true });
    // Another browser (without the state cookie) cannot complete a sign-in it did not start.
    const started = await authorizeAtProvider(appBase, tenant.slug, 'kc-einmal');
    const stolen = await fetch(started.callbackUrl, { redirect: 'manual', headers: { cookie: 'amtsdesk_oidc=ein-anderer-wert' } });
    assert.equal(stolen.headers.get('location'), '/anmelden?fehler=oidc_fehlgeschlagen');
    assert.ok(!stolen.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)));
    // The browser that started it completes it, once; replaying the callback gets nothing.
    const own = { cookie: `amtsdesk_oidc=${started.appCookies.get('amtsdesk_oidc')}` };
    const done = await fetch(started.callbackUrl, { redirect: 'manual', headers: own });
    assert.equal(done.headers.get('location'), '/');
    assert.ok(done.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)));
    const replay = await fetch(started.callbackUrl, { redirect: 'manual', headers: own });
    assert.equal(replay.headers.get('location'), '/anmelden?fehler=oidc_fehlgeschlagen');
    assert.ok(!replay.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)));
  });

  it('reports OIDC as enabled and refuses an unknown municipality before leaving the app', async () => {
    const config = await fetch(`${appBase}/api/auth/config`);
    assert.deepEqual(await config.json(), { oidcEnabled: true });
    const start = await fetch(`${appBase}/api/auth/oidc/start?tenant=gibt-es-nicht`, { redirect: 'manual' });
    assert.equal(start.status, 302);
    assert.equal(start.headers.get('location'), '/anmelden?fehler=kommune_unbekannt');
  });
});
