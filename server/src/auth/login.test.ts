import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createTenant } from '../../test/factories.js';
import { createUserWithPassword, sessionCookieOf } from '../../test/auth.js';
import { withTenant } from '../db/database.js';
import { sha256Hex } from '../shared/ids.js';
import { hashPassword } from './passwords.js';
import { SESSION_COOKIE } from './sessions.js';
import { loadConfig } from '../config.js';

describeEachDatabase('local sign-in', (t) => {
  let ta: TestApp;
  before(async () => {
    ta = await createTestApp(t.db, { rateLimits: { ...loadConfig({}).rateLimits, loginPerAccount: { max: 3, windowSeconds: 60 } } });
  });
  after(() => ta.close());

  const login = (body: Record<string, unknown>) => ta.app.inject({ method: 'POST', url: '/api/auth/login', payload: body });

  it('signs in with the right password: HTTP-only SameSite=Lax cookie, and /me knows the user', async () => {
    const user = await createUserWithPassword(t.db, { displayName: 'Petra Poststelle', roles: ['intake'] });
    const res = await login({ tenant: user.tenant.slug, email: user.email.toUpperCase(), password: user.password });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(cookie?.value);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');
    assert.equal(cookie.secure, undefined);
    const body = res.json();
    assert.equal(body.user.id, user.id);
    assert.equal(body.user.displayName, 'Petra Poststelle');
    assert.deepEqual(body.user.roles, ['intake']);
    assert.equal(body.tenant.slug, user.tenant.slug);
    assert.ok(body.csrfToken);

    const me = await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookieOf(res) } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().user.email, user.email);
    assert.equal(me.json().csrfToken, body.csrfToken);
  });

  it('marks the cookie Secure when the app runs behind HTTPS', async () => {
    const secure = await createTestApp(t.db, { secureCookies: true });
    try {
      const user = await createUserWithPassword(t.db);
      const res = await secure.app.inject({ method: 'POST', url: '/api/auth/login', payload: { tenant: user.tenant.slug, email: user.email, password: user.password } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.cookies.find((c) => c.name === SESSION_COOKIE)?.secure, true);
    } finally {
      await secure.close();
    }
  });

  it('stores passwords as argon2id hashes', async () => {
    assert.match(await hashPassword('irgendein-langes-passwort'), /^\$argon2id\$/);
  });

  it('answers wrong password, unknown user, unknown tenant and deactivated account alike: 401, no cookie', async () => {
    const user = await createUserWithPassword(t.db);
    const inactive = await createUserWithPassword(t.db, { tenant: user.tenant });
    await withTenant(t.db, { tenantId: user.tenant.id }, (trx) => trx.updateTable('users').set({ active: false }).where('id', '=', inactive.id).execute());
    const attempts = [
      { tenant: user.tenant.slug, email: user.email, password: 'falsches-passwort-123' },
      { tenant: user.tenant.slug, email: 'niemand@example.org', password: user.password },
      { tenant: 'gibt-es-nicht', email: user.email, password: user.password },
      { tenant: user.tenant.slug, email: inactive.email, password: inactive.password },
    ];
    const bodies = [];
    for (const attempt of attempts) {
      const res = await login(attempt);
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['set-cookie'], undefined);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      const { instance: _i, ...problem } = res.json();
      bodies.push(problem);
    }
    assert.equal(bodies[0].code, 'invalid_credentials');
    for (const body of bodies) assert.deepEqual(body, bodies[0]);
  });

  it('rate-limits sign-in attempts per IP, tenant and e-mail: 429 rate_limited in German', async () => {
    const user = await createUserWithPassword(t.db);
    for (let i = 0; i < 3; i++) assert.equal((await login({ tenant: user.tenant.slug, email: user.email, password: `falsch-${i}` })).statusCode, 401);
    const limited = await login({ tenant: user.tenant.slug, email: user.email, password: user.password });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json().code, 'rate_limited');
    assert.match(limited.json().detail, /Zu viele Anmeldeversuche/);
    assert.equal(limited.headers['set-cookie'], undefined);
    // Another person of the same municipality is not locked out by these attempts.
    const colleague = await createUserWithPassword(t.db, { tenant: user.tenant });
    assert.equal((await login({ tenant: user.tenant.slug, email: colleague.email, password: colleague.password })).statusCode, 200);
  });

  it('logout deletes the session: the old cookie no longer works', async () => {
    const user = await createUserWithPassword(t.db);
    const res = await login({ tenant: user.tenant.slug, email: user.email, password: user.password });
    const cookie = sessionCookieOf(res);
    const out = await ta.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie, 'x-csrf-token': res.json().csrfToken } });
    assert.equal(out.statusCode, 204);
    assert.equal(out.cookies.find((c) => c.name === SESSION_COOKIE)?.value, '');
    const token = cookie.split('=')[1]!;
    const rows = await withTenant(t.db, { tenantId: user.tenant.id }, (trx) => trx.selectFrom('sessions').select('token_hash').where('token_hash', '=', sha256Hex(token)).execute());
    assert.equal(rows.length, 0);
    const me = await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
  });

  it('an expired session answers 401 unauthenticated with a German "session expired" message', async () => {
    const user = await createUserWithPassword(t.db);
    const res = await login({ tenant: user.tenant.slug, email: user.email, password: user.password });
    const cookie = sessionCookieOf(res);
    await withTenant(t.db, { tenantId: user.tenant.id }, (trx) =>
      trx.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('user_id', '=', user.id).execute(),
    );
    const me = await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 401);
    assert.equal(me.json().code, 'unauthenticated');
    assert.match(me.json().detail, /^Ihre Sitzung ist abgelaufen/);
    // Public pages still work with the stale cookie, so the user can sign in again.
    const again = await ta.app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie }, payload: { tenant: user.tenant.slug, email: user.email, password: user.password } });
    assert.equal(again.statusCode, 200);
  });

  it('signing in again in the same browser replaces the old session', async () => {
    const user = await createUserWithPassword(t.db);
    const credentials = { tenant: user.tenant.slug, email: user.email, password: user.password };
    const first = sessionCookieOf(await login(credentials));
    const second = await ta.app.inject({ method: 'POST', url: '/api/auth/login', headers: { cookie: first }, payload: credentials });
    assert.equal(second.statusCode, 200);
    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: first } })).statusCode, 401);
    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookieOf(second) } })).statusCode, 200);
  });

  it('/me without a session is 401', async () => {
    const res = await ta.app.inject({ method: 'GET', url: '/api/auth/me' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'unauthenticated');
  });

  it('lists municipalities for the sign-in page by name or slug, public', async () => {
    const tenant = await createTenant(t.db, { name: 'Gemeinde Süderbrarup' });
    const byName = await ta.app.inject({ method: 'GET', url: `/api/auth/tenants?q=${encodeURIComponent('süderbr')}` });
    assert.equal(byName.statusCode, 200);
    assert.deepEqual(byName.json().items, [{ slug: tenant.slug, name: 'Gemeinde Süderbrarup' }]);
    const bySlug = await ta.app.inject({ method: 'GET', url: `/api/auth/tenants?q=${tenant.slug}` });
    assert.deepEqual(bySlug.json().items.map((i: { slug: string }) => i.slug), [tenant.slug]);
    const all = await ta.app.inject({ method: 'GET', url: '/api/auth/tenants' });
    assert.ok(all.json().items.length <= 20);
    const config = await ta.app.inject({ method: 'GET', url: '/api/auth/config' });
    assert.deepEqual(config.json(), { oidcEnabled: false });
  });
});
