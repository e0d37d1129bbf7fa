import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { createOrgUnit, createTenant, createUser } from '../../../test/factories.js';
import { authorizeAtProvider, runOidcFlow } from '../../../test/oidc-flow.js';
import { freePort, startStaffIdp, type StaffIdp } from '../../../test/staff-idp.js';
import { withTenant } from '../../db/database.js';
import { SESSION_COOKIE } from '../sessions.js';

type Tenant = Awaited<ReturnType<typeof createTenant>>;

describeEachDatabase('Staff sign-in with each tenant’s own OpenID provider and group mapping', (t) => {
  let ta: TestApp;
  let appBase: string;
  let idpA: StaffIdp;
  let idpB: StaffIdp;

  before(async () => {
    const appPort = await freePort();
    appBase = `http://127.0.0.1:${appPort}`;
    const redirectUri = `${appBase}/api/auth/oidc/callback`;
    idpA = await startStaffIdp(redirectUri, 'kommune-a');
    idpB = await startStaffIdp(redirectUri, 'kommune-b');
    // No installation-wide provider: every tenant brings its own.
    ta = await createTestApp(t.db, { publicUrl: appBase, oidc: undefined });
    await ta.app.listen({ port: appPort, host: '127.0.0.1' });
  });
  after(async () => {
    await ta?.close();
    await idpA?.close();
    await idpB?.close();
  });

  async function adminOf(tenant: Tenant) {
    const admin = await createUser(t.db, { tenant, roles: ['admin'], email: `admin-${tenant.slug}@example.org` });
    return { ...(await sessionHeaders(t.db, admin)), 'content-type': 'application/json' };
  }

  async function configure(tenant: Tenant, idp: StaffIdp, overrides: Record<string, unknown> = {}) {
    const headers = await adminOf(tenant);
    const res = await ta.app.inject({ method: 'PUT', url: '/api/admin/oidc-provider', headers, payload: {
      displayName: 'Landes-Login', usePlatform: false, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret,
      scopes: 'openid email profile groups', groupsClaim: 'groups', roleSource: 'idp', passwordLogin: true, enabled: true, ...overrides,
    } });
    assert.equal(res.statusCode, 200, res.body);
    return headers;
  }

  async function map(headers: Record<string, string>, groupValue: string, target: { role?: string; orgUnitId?: string }) {
    const res = await ta.app.inject({ method: 'POST', url: '/api/admin/oidc-mappings', headers, payload: { groupValue, ...target } });
    assert.equal(res.statusCode, 201, res.body);
  }

  const userBySubject = (tenantId: string, sub: string) => withTenant(t.db, { tenantId }, (trx) =>
    trx.selectFrom('users').select(['id', 'email', 'display_name', 'roles', 'org_unit_ids', 'roles_from_idp']).where('oidc_subject', '=', sub).executeTakeFirst());

  it('the first sign-in creates the person with the mapped roles and org units; /me works', async () => {
    const tenant = await createTenant(t.db);
    const bau = await createOrgUnit(t.db, { tenant, shortCode: 'BAU' });
    const headers = await configure(tenant, idpA);
    await map(headers, '/kommune-a/bauamt', { role: 'caseworker', orgUnitId: bau.id });
    await map(headers, '/kommune-a/leitung', { role: 'teamlead' });
    idpA.accounts.set('a-hanna', { email: 'Hanna.Bau@kommune-a.example', email_verified: true, name: 'Hanna Bau', groups: ['/kommune-a/bauamt', '/sonstwas'] });

    const flow = await runOidcFlow(appBase, tenant.slug, 'a-hanna');
    assert.equal(flow.callback.headers.get('location'), '/');
    const me = await fetch(`${appBase}/api/auth/me`, { headers: { cookie: `${SESSION_COOKIE}=${flow.appCookies.get(SESSION_COOKIE)}` } });
    const body = (await me.json()) as { user: { displayName: string; email: string; roles: string[]; orgUnitIds: string[] } };
    assert.equal(body.user.displayName, 'Hanna Bau');
    assert.equal(body.user.email, 'hanna.bau@kommune-a.example');
    assert.deepEqual(body.user.roles, ['caseworker']);
    assert.deepEqual(body.user.orgUnitIds, [bau.id]);
    const row = await userBySubject(tenant.id, 'a-hanna');
    assert.equal(row?.roles_from_idp, true);
    const events = await withTenant(t.db, { tenantId: tenant.id }, (trx) => trx.selectFrom('case_events').select('type').where('type', '=', 'user.provisioned').execute());
    assert.equal(events.length, 1);
  });

  it('a group change in the provider changes the roles at the next sign-in; without any mapped group there is no session', async () => {
    const tenant = await createTenant(t.db);
    const headers = await configure(tenant, idpA);
    await map(headers, 'sachbearbeitung', { role: 'caseworker' });
    await map(headers, 'leitung', { role: 'teamlead' });
    idpA.accounts.set('a-jonas', { email: 'jonas@kommune-a.example', email_verified: true, groups: ['sachbearbeitung'] });
    assert.equal((await runOidcFlow(appBase, tenant.slug, 'a-jonas')).callback.headers.get('location'), '/');
    const created = await userBySubject(tenant.id, 'a-jonas');
    assert.deepEqual(created?.roles, ['caseworker']);

    // Roles managed by the provider are read-only here.
    const patch = await ta.app.inject({ method: 'PATCH', url: `/api/admin/users/${created!.id}`, headers, payload: { roles: ['admin'] } });
    assert.equal(patch.statusCode, 409);
    assert.equal(patch.json().code, 'roles_managed_by_idp');
    assert.deepEqual((await userBySubject(tenant.id, 'a-jonas'))?.roles, ['caseworker']);
    const listed = await ta.app.inject({ method: 'GET', url: '/api/admin/users', headers });
    assert.equal(listed.json().items.find((u: { id: string }) => u.id === created!.id).rolesFromIdp, true);

    idpA.accounts.set('a-jonas', { email: 'jonas@kommune-a.example', email_verified: true, groups: ['leitung'] });
    assert.equal((await runOidcFlow(appBase, tenant.slug, 'a-jonas')).callback.headers.get('location'), '/');
    assert.deepEqual((await userBySubject(tenant.id, 'a-jonas'))?.roles, ['teamlead']);

    idpA.accounts.set('a-jonas', { email: 'jonas@kommune-a.example', email_verified: true, groups: [] });
    const removed = await runOidcFlow(appBase, tenant.slug, 'a-jonas');
    assert.equal(removed.callback.headers.get('location'), '/anmelden?fehler=oidc_keine_rolle');
    assert.equal(removed.appCookies.get(SESSION_COOKIE), undefined);
    assert.deepEqual((await userBySubject(tenant.id, 'a-jonas'))?.roles, []);
  });

  it('with local roles the groups seed a new account once; afterwards the admins manage its roles', async () => {
    const tenant = await createTenant(t.db);
    const headers = await configure(tenant, idpA, { roleSource: 'local' });
    await map(headers, 'poststelle', { role: 'intake' });
    idpA.accounts.set('a-lena', { email: 'lena@kommune-a.example', email_verified: true, groups: ['poststelle'] });
    assert.equal((await runOidcFlow(appBase, tenant.slug, 'a-lena')).callback.headers.get('location'), '/');
    const created = await userBySubject(tenant.id, 'a-lena');
    assert.deepEqual(created?.roles, ['intake']);
    assert.equal(created?.roles_from_idp, false);
    const patch = await ta.app.inject({ method: 'PATCH', url: `/api/admin/users/${created!.id}`, headers, payload: { roles: ['reader'] } });
    assert.equal(patch.statusCode, 200, patch.body);
    idpA.accounts.set('a-lena', { email: 'lena@kommune-a.example', email_verified: true, groups: [] });
    assert.equal((await runOidcFlow(appBase, tenant.slug, 'a-lena')).callback.headers.get('location'), '/');
    assert.deepEqual((await userBySubject(tenant.id, 'a-lena'))?.roles, ['reader']);
  });

  it('a code from another tenant’s provider (another issuer) does not sign into this tenant', async () => {
    const tenantA = await createTenant(t.db);
    const tenantB = await createTenant(t.db);
    await map(await configure(tenantA, idpA), 'alle', { role: 'caseworker' });
    // Tenant B's admin controls provider B and can give anyone any group.
    await map(await configure(tenantB, idpB), 'alle', { role: 'admin' });
    idpB.accounts.set('b-mallory', { email: 'mallory@kommune-a.example', email_verified: true, groups: ['alle'] });

    const startA = await fetch(`${appBase}/api/auth/oidc/start?tenant=${tenantA.slug}`, { redirect: 'manual' });
    const stateA = new URL(startA.headers.get('location')!).searchParams.get('state')!;
    assert.ok(startA.headers.get('location')!.startsWith(idpA.issuer), 'tenant A is sent to its own provider');
    const stateCookieA = startA.headers.getSetCookie().find((c) => c.startsWith('amtsdesk_oidc='))!.split(';')[0]!;

    const atB = await authorizeAtProvider(appBase, tenantB.slug, 'b-mallory');
    assert.equal(atB.callbackUrl.searchParams.get('iss'), idpB.issuer);
    const forged = new URL(atB.callbackUrl);
    forged.searchParams.set('state', stateA);
    const refused = await fetch(forged, { redirect: 'manual', headers: { cookie: stateCookieA } });
    assert.equal(refused.headers.get('location'), '/anmelden?fehler=oidc_fehlgeschlagen');
    assert.ok(!refused.headers.getSetCookie().some((c) => c.startsWith(`${SESSION_COOKIE}=`)));
    assert.equal(await userBySubject(tenantA.id, 'b-mallory'), undefined);
  });

  it('a tampered nonce or a state from another browser is refused', async () => {
    const tenant = await createTenant(t.db);
    await map(await configure(tenant, idpA), 'alle', { role: 'reader' });
    idpA.accounts.set('a-nina', { email: 'nina@kommune-a.example', email_verified: true, groups: ['alle'] });

    const started = await authorizeAtProvider(appBase, tenant.slug, 'a-nina');
    const stolen = await fetch(started.callbackUrl, { redirect: 'manual', headers: { cookie: 'amtsdesk_oidc=fremd' } });
    assert.equal(stolen.headers.get('location'), '/anmelden?fehler=oidc_fehlgeschlagen');

    // The ID token carries the nonce of this flow; the stored one no longer matches it.
    const second = await authorizeAtProvider(appBase, tenant.slug, 'a-nina');
    await t.adminQuery("update oidc_login_states set nonce = 'ein-anderer-nonce' where tenant_id = $1", [tenant.id]);
    const tampered = await fetch(second.callbackUrl, { redirect: 'manual', headers: { cookie: `amtsdesk_oidc=${second.appCookies.get('amtsdesk_oidc')}` } });
    assert.equal(tampered.headers.get('location'), '/anmelden?fehler=oidc_fehlgeschlagen');
    assert.equal(await userBySubject(tenant.id, 'a-nina'), undefined);
  });

  it('offers „Mit … anmelden“, and refuses password sign-in once the tenant switches it off', async () => {
    const tenant = await createTenant(t.db);
    await createUser(t.db, { tenant, email: 'passwort@kommune-a.example', passwordHash: null });
    const before = await fetch(`${appBase}/api/auth/oidc/options?tenant=${tenant.slug}`);
    assert.deepEqual(await before.json(), { oidcProvider: null, passwordLogin: true });
    await configure(tenant, idpA, { passwordLogin: false, displayName: 'Kommunales Konto' });
    const options = await fetch(`${appBase}/api/auth/oidc/options?tenant=${tenant.slug}`);
    assert.deepEqual(await options.json(), { oidcProvider: 'Kommunales Konto', passwordLogin: false });
    const login = await ta.app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: tenant.slug, email: 'passwort@kommune-a.example', password: 'irgendein-passwort-1' } });
    assert.equal(login.statusCode, 403);
    assert.equal(login.json().code, 'password_login_disabled');
  });

  it('an issuer in an internal network is refused at saving and nothing is stored', async () => {
    const tenant = await createTenant(t.db);
    const headers = await adminOf(tenant);
    const res = await ta.app.inject({ method: 'PUT', url: '/api/admin/oidc-provider', headers, payload: {
      displayName: 'Intern', usePlatform: false, issuer: 'https://10.1.2.3/realms/kommune', clientId: 'x', scopes: 'openid', groupsClaim: 'groups',
      roleSource: 'idp', passwordLogin: true, enabled: true,
    } });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().code, 'url_not_allowed');
    assert.equal(res.json().field, 'issuer');
    const stored = await ta.app.inject({ method: 'GET', url: '/api/admin/oidc-provider', headers });
    assert.equal(stored.json().configured, false);
  });
});
