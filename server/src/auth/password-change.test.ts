import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createUser } from '../../test/factories.js';
import { createUserWithPassword, sessionCookieOf } from '../../test/auth.js';
import { withTenant } from '../db/database.js';
import { createOperator } from './operators.js';

describeEachDatabase('changing one’s own password; the password policy wherever a password is set', (t) => {
  let ta: TestApp;
  before(async () => {
    ta = await createTestApp(t.db);
  });
  after(() => ta.close());

  let client = 0;
  const inject = (method: 'GET' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    ta.app.inject({ method, url, headers, remoteAddress: `192.0.2.${++client % 250}`, ...(payload ? { payload } : {}) });
  async function signIn(user: { tenant: { slug: string }; email: string }, password: string) {
    const res = await inject('POST', '/api/auth/login', {}, { tenant: user.tenant.slug, email: user.email, password });
    return res.statusCode === 200 ? { cookie: sessionCookieOf(res), 'x-csrf-token': res.json().csrfToken as string } : null;
  }
  const change = (headers: Record<string, string>, body: object) => inject('POST', '/api/auth/password', headers, body);

  it('changes the password, keeps this session and ends every other one', async () => {
    const user = await createUserWithPassword(t.db);
    const here = (await signIn(user, user.password))!;
    const phone = (await signIn(user, user.password))!;
    const res = await change(here, { currentPassword: user.password, newPassword: 'Bello bellt beim Briefträger' });
    assert.equal(res.statusCode, 204, res.body);
    assert.equal((await inject('GET', '/api/auth/me', here)).statusCode, 200, 'the session that changed it stays');
    const other = await inject('GET', '/api/auth/me', phone);
    assert.equal(other.statusCode, 401, 'the other session has ended');
    assert.equal(await signIn(user, user.password), null, 'the old password no longer works');
    assert.ok(await signIn(user, 'Bello bellt beim Briefträger'));
    const events = await withTenant(t.db, { tenantId: user.tenant.id }, (trx) =>
      trx.selectFrom('case_events').select(['type', 'data']).where('type', '=', 'user.password_changed').execute());
    assert.equal(events.length, 1);
    assert.ok(!JSON.stringify(events).includes('Bello'), 'no password in the history');
  });

  it('refuses a wrong current password, a weak or unchanged new one, in German naming the field; nothing changes', async () => {
    const user = await createUserWithPassword(t.db);
    const here = (await signIn(user, user.password))!;
    const phone = (await signIn(user, user.password))!;
    const wrong = await change(here, { currentPassword: 'nicht-das-richtige', newPassword: 'Bello bellt beim Briefträger' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().field, 'currentPassword');
    assert.match(wrong.json().detail, /bisherige Passwort/);
    const weak = await change(here, { currentPassword: user.password, newPassword: 'Passwort2024!' });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().code, 'weak_password');
    assert.equal(weak.json().field, 'newPassword');
    assert.match(weak.json().detail, /^Das Passwort \(„newPassword“\) steht auf einer Liste/);
    const mine = await change(here, { currentPassword: user.password, newPassword: `${user.email.split('@')[0]}-2024-!!!!` });
    assert.equal(mine.statusCode, 400);
    assert.equal(mine.json().code, 'weak_password');
    const same = await change(here, { currentPassword: user.password, newPassword: user.password });
    assert.equal(same.json().code, 'weak_password');
    assert.equal((await inject('GET', '/api/auth/me', phone)).statusCode, 200, 'other sessions live on');
    assert.ok(await signIn(user, user.password), 'the password is unchanged');
  });

  it('needs the CSRF header and a signed-in person; accounts without a password (OIDC) are told where to change it', async () => {
    const user = await createUserWithPassword(t.db);
    const here = (await signIn(user, user.password))!;
    const noCsrf = await change({ cookie: here.cookie }, { currentPassword: user.password, newPassword: 'Bello bellt beim Briefträger' });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await change({}, { currentPassword: 'x', newPassword: 'Bello bellt beim Briefträger' })).statusCode, 401);
    const oidcUser = await createUser(t.db, { passwordHash: null });
    const oidc = await change(await sessionHeaders(t.db, oidcUser), { currentPassword: 'irgendetwas', newPassword: 'Bello bellt beim Briefträger' });
    assert.equal(oidc.statusCode, 409);
    assert.match(oidc.json().detail, /Anmeldedienst/);
  });

  it('invitations and operator accounts refuse common passwords too', async () => {
    const user = await createUser(t.db, { passwordHash: null });
    const token = 'einladung-test-token-0123456789';
    const { sha256Hex } = await import('../shared/ids.js');
    await withTenant(t.db, { tenantId: user.tenant.id }, (trx) =>
      trx.updateTable('users').set({ invite_token_hash: sha256Hex(token), invite_expires_at: new Date(Date.now() + 3600_000) }).where('id', '=', user.id).execute());
    const accept = await inject('POST', '/api/auth/invite/accept', {}, { token, password: 'qwerty123456' });
    assert.equal(accept.statusCode, 400);
    assert.equal(accept.json().code, 'weak_password');
    assert.equal(accept.json().field, 'password');
    assert.equal((await inject('POST', '/api/auth/invite/accept', {}, { token, password: 'Bello bellt beim Briefträger' })).statusCode, 200, 'the link still works');
    await assert.rejects(
      createOperator(t.db, { email: 'betrieb-pw@rz.example', displayName: 'Betrieb', password: 'Administrator1' }),
      (e: { code?: string; field?: string }) => e.code === 'weak_password' && e.field === 'password',
    );
  });
});
