import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createCase, createTenant, type TestTenant } from '../../test/factories.js';
import { authorizeAtProvider, runOidcFlow } from '../../test/oidc-flow.js';
import { withTenant } from '../db/database.js';
import { PORTAL_OIDC_FAILED } from './oidc.routes.js';
import { PORTAL_COOKIE } from './sessions.js';

/** A person at the user-account service: claims released to the portal, and the trust level of the login. */
interface Person { email?: string; email_verified?: boolean; postkorb_handle?: string; acr?: string }

const START = '/api/portal/oidc/start';

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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describeEachDatabase('citizen portal: sign-in with a user-account service (OpenID Connect) against a real provider', (t) => {
  const people = new Map<string, Person>();
  const idp = createServer();
  let provider: Provider;
  let ta: TestApp;
  let appBase: string;

  /** The provider's login page: like a user-account service, it reports the trust level (acr) of the login. */
  async function loginPage(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<form action="/anmeldung/${details.uid}" method="post"><input type="hidden" name="prompt" value="login"><input name="login"><input name="password"></form>`);
      return;
    }
    const accountId = new URLSearchParams(await readBody(req)).get('login') ?? '';
    const acr = people.get(accountId)?.acr;
    await provider.interactionFinished(req, res, { login: { accountId, ...(acr ? { acr } : {}) } }, { mergeWithLastSubmission: false });
  }

  before(async () => {
    const issuer = `http://127.0.0.1:${await listen(idp)}`;
    const appPort = await freePort();
    appBase = `http://127.0.0.1:${appPort}`;
    const redirectUri = `${appBase}/api/portal/oidc/callback`;
    provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'amtsdesk-portal',
          client_secret: 'portal-geheimnis-nur-fuer-tests',
          redirect_uris: [redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
          // Like a user-account service, report the trust level of every login in the ID token.
          default_acr_values: ['STORK-QAA-Level-1', 'STORK-QAA-Level-3', 'http://eidas.europa.eu/LoA/high'],
        },
      ],
      async findAccount(_ctx: unknown, sub: string) {
        const person = people.get(sub);
        return person ? { accountId: sub, claims: async () => ({ sub, ...person }) } : undefined;
      },
      claims: { acr: null, openid: ['sub', 'postkorb_handle'], email: ['email', 'email_verified'] },
      acrValues: ['STORK-QAA-Level-1', 'STORK-QAA-Level-3', 'http://eidas.europa.eu/LoA/high'],
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/anmeldung/${interaction.uid}` },
      // The applicant consented at the user-account service already: grant what the portal asks for.
      async loadExistingGrant(ctx: { oidc: { provider: { Grant: new (init: object) => { addOIDCScope(s: string): void; addOIDCClaims(c: string[]): void; save(): Promise<string> } }; client: { clientId: string }; session: { accountId: string } } }) {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
        grant.addOIDCScope('openid email profile');
        grant.addOIDCClaims(['acr']);
        await grant.save();
        return grant;
      },
      features: { devInteractions: { enabled: false } },
      pkce: { required: () => true },
      cookies: { keys: ['cookie-schluessel-fuer-tests'] },
    });
    const handler = provider.callback();
    idp.on('request', (req, res) => {
      if (req.url?.startsWith('/anmeldung/')) {
        loginPage(req, res).catch((error: unknown) => {
          res.statusCode = 500;
          res.end(String(error));
        });
      } else handler(req, res);
    });
    ta = await createTestApp(t.db, {
      publicUrl: appBase,
      portalOidc: { issuer, clientId: 'amtsdesk-portal', clientSecret: 'portal-geheimnis-nur-fuer-tests', redirectUri },
    });
    await ta.app.listen({ port: appPort, host: '127.0.0.1' });
  });
  after(async () => {
    await ta?.close();
    await new Promise((resolve) => idp.close(resolve));
  });

  const portal = (path: string, cookie?: string) => fetch(`${appBase}/api/portal${path}`, { headers: cookie ? { cookie } : {} });
  const applicant = (email: string | null, mailbox?: string) => ({
    kind: 'person' as const, firstName: 'Anna', lastName: 'Schmidt', ...(email ? { email } : {}), ...(mailbox ? { mailbox: { identifier: mailbox, type: 'BundID' } } : {}),
  });
  const caseOf = (tenant: TestTenant, email: string | null, mailbox?: string) => createCase(t.db, { tenant, applicant: applicant(email, mailbox) });

  async function signIn(tenant: TestTenant, accountId: string) {
    const flow = await runOidcFlow(appBase, tenant.slug, accountId, START);
    const token = flow.appCookies.get(PORTAL_COOKIE);
    return { flow, cookie: token ? `${PORTAL_COOKIE}=${token}` : undefined };
  }

  it('offers the sign-in, starts a code flow with PKCE, state and nonce, and refuses an unknown municipality neutrally', async () => {
    assert.deepEqual(await (await portal('/auth/config')).json(), { oidcEnabled: true });
    const tenant = await createTenant(t.db);
    const started = await fetch(`${appBase}${START}?tenant=${tenant.slug}`, { redirect: 'manual' });
    assert.equal(started.status, 302);
    const url = new URL(started.headers.get('location')!);
    assert.equal(url.searchParams.get('client_id'), 'amtsdesk-portal');
    assert.equal(url.searchParams.get('response_type'), 'code');
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    for (const name of ['code_challenge', 'state', 'nonce']) assert.ok(url.searchParams.get(name), name);
    const unknown = await fetch(`${appBase}${START}?tenant=gibt-es-nicht`, { redirect: 'manual' });
    assert.equal(unknown.headers.get('location'), PORTAL_OIDC_FAILED);
  });

  it('full code flow: the applicant sees exactly the applications of their mailbox and confirmed e-mail in this municipality', async () => {
    const tenant = await createTenant(t.db);
    const elsewhere = await createTenant(t.db);
    const byMailbox = await caseOf(tenant, null, 'pk-anna-7');
    const byEmail = await caseOf(tenant, 'Anna.Schmidt@example.org');
    const neighbour = await caseOf(tenant, 'bernd@example.org', 'pk-bernd-1');
    const otherTenant = await caseOf(elsewhere, 'anna.schmidt@example.org', 'pk-anna-7');
    people.set('kc-anna', { postkorb_handle: 'pk-anna-7', email: 'anna.schmidt@example.org', email_verified: true, acr: 'STORK-QAA-Level-3' });

    const { flow, cookie } = await signIn(tenant, 'kc-anna');
    assert.equal(flow.callback.status, 302);
    assert.equal(flow.callback.headers.get('location'), '/portal');
    assert.ok(cookie, 'the callback opens a portal session');
    const setCookie = flow.callback.headers.getSetCookie().find((c) => c.startsWith(`${PORTAL_COOKIE}=`))!;
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Strict/i);
    assert.match(setCookie, /Path=\/api\/portal/i);

    const list = await portal('/applications', cookie);
    assert.equal(list.status, 200);
    const ids = ((await list.json()) as { items: Array<{ id: string }> }).items.map((a) => a.id).sort();
    assert.deepEqual(ids, [byMailbox.id, byEmail.id].sort());
    const me = (await (await portal('/me', cookie)).json()) as Record<string, unknown>;
    assert.equal(me.signInMethod, 'oidc');
    assert.equal(me.trustLevel, 'STORK-QAA-Level-3');
    assert.equal(me.email, 'anna.schmidt@example.org');

    assert.equal((await portal(`/applications/${byMailbox.id}`, cookie)).status, 200);
    assert.equal((await portal(`/applications/${neighbour.id}`, cookie)).status, 404, 'another applicant in the same municipality');
    assert.equal((await portal(`/applications/${otherTenant.id}`, cookie)).status, 404, 'the same person in another municipality');

    // The neighbour signs in too and sees only his own application.
    people.set('kc-bernd', { postkorb_handle: 'pk-bernd-1', acr: 'STORK-QAA-Level-1' });
    const bernd = await signIn(tenant, 'kc-bernd');
    const his = (await (await portal('/applications', bernd.cookie)).json()) as { items: Array<{ id: string }> };
    assert.deepEqual(his.items.map((a) => a.id), [neighbour.id]);
    assert.equal((await portal(`/applications/${byMailbox.id}`, bernd.cookie)).status, 404);
  });

  it('without a mailbox claim the subject is the identifier; an unconfirmed e-mail address grants nothing; eIDAS "high" is level 4', async () => {
    const tenant = await createTenant(t.db);
    const bySubject = await caseOf(tenant, null, 'kc-carl');
    await caseOf(tenant, 'carl@example.org');
    people.set('kc-carl', { email: 'carl@example.org', email_verified: false, acr: 'http://eidas.europa.eu/LoA/high' });
    const { cookie } = await signIn(tenant, 'kc-carl');
    const list = (await (await portal('/applications', cookie)).json()) as { items: Array<{ id: string }> };
    assert.deepEqual(list.items.map((a) => a.id), [bySubject.id]);
    const me = (await (await portal('/me', cookie)).json()) as Record<string, unknown>;
    assert.equal(me.email, null);
    assert.equal(me.trustLevel, 'STORK-QAA-Level-4');
  });

  it('a person without applications in this municipality gets the same neutral refusal and no account', async () => {
    const tenant = await createTenant(t.db);
    await caseOf(tenant, 'jemand@example.org', 'pk-jemand');
    people.set('kc-fremd', { email: 'fremd@example.org', email_verified: true, acr: 'STORK-QAA-Level-3' });
    const { flow, cookie } = await signIn(tenant, 'kc-fremd');
    assert.equal(flow.callback.headers.get('location'), PORTAL_OIDC_FAILED);
    assert.equal(cookie, undefined);
    const accounts = await withTenant(t.db, { tenantId: tenant.id }, (trx) => trx.selectFrom('portal_accounts').select('id').execute());
    assert.equal(accounts.length, 0);
  });

  it('the callback works once and only in the browser that started it; a replay is refused', async () => {
    const tenant = await createTenant(t.db);
    await caseOf(tenant, null, 'pk-dora');
    people.set('kc-dora', { postkorb_handle: 'pk-dora' });
    const started = await authorizeAtProvider(appBase, tenant.slug, 'kc-dora', START);
    const stateCookie = started.appCookies.get('amtsdesk_portal_oidc');
    assert.ok(stateCookie, 'the start binds the state to the browser');
    const stolen = await fetch(started.callbackUrl, { redirect: 'manual', headers: { cookie: 'amtsdesk_portal_oidc=ein-anderer-wert' } });
    assert.equal(stolen.headers.get('location'), PORTAL_OIDC_FAILED);
    assert.ok(!stolen.headers.getSetCookie().some((c) => c.startsWith(`${PORTAL_COOKIE}=`)));

    const own = { cookie: `amtsdesk_portal_oidc=${stateCookie}` };
    const done = await fetch(started.callbackUrl, { redirect: 'manual', headers: own });
    assert.equal(done.headers.get('location'), '/portal');
    assert.ok(done.headers.getSetCookie().some((c) => c.startsWith(`${PORTAL_COOKIE}=`)));
    const replay = await fetch(started.callbackUrl, { redirect: 'manual', headers: own });
    assert.equal(replay.headers.get('location'), PORTAL_OIDC_FAILED);
    assert.ok(!replay.headers.getSetCookie().some((c) => c.startsWith(`${PORTAL_COOKIE}=`)));
    // An error reported by the provider (e.g. the applicant cancelled) ends the same way.
    const cancelled = await fetch(`${appBase}/api/portal/oidc/callback?error=access_denied&state=x`, { redirect: 'manual', headers: own });
    assert.equal(cancelled.headers.get('location'), PORTAL_OIDC_FAILED);
  });
});
