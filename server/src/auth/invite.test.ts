import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createTenant } from '../../test/factories.js';
import { sessionCookieOf } from '../../test/auth.js';
import { withTenant } from '../db/database.js';

describeEachDatabase('invitation links', (t) => {
  let ta: TestApp;
  before(async () => {
    ta = await createTestApp(t.db, { publicUrl: 'https://amtsdesk.example' });
  });
  after(() => ta.close());

  async function invite(email: string) {
    const tenant = await createTenant(t.db);
    const admin = await sessionHeaders(t.db, { id: tenant.adminUserId, tenant });
    const res = await ta.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: admin,
      payload: { email, displayName: 'Ines Neu', roles: ['caseworker'] },
    });
    assert.equal(res.statusCode, 201, res.body);
    const link = res.json().inviteLink as string;
    assert.match(link, /^https:\/\/amtsdesk\.example\/einladung#token=/);
    return { tenant, userId: res.json().user.id as string, token: link.split('#token=')[1]! };
  }
  const accept = (payload: Record<string, unknown>) => ta.app.inject({ method: 'POST', url: '/api/auth/invite/accept', payload });

  it('works exactly once: sets the password, signs in, and the link is spent', async () => {
    const { tenant, userId, token } = await invite('ines.neu@musterstadt.example');
    const res = await accept({ token, password: 'mein-neues-passwort' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().user.id, userId);
    const me = await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: sessionCookieOf(res) } });
    assert.equal(me.statusCode, 200);

    const again = await accept({ token, password: 'ein-anderes-passwort' });
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().field, 'token');
    assert.equal(sessionCookieOf(again), '');

    const login = await ta.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { tenant: tenant.slug, email: 'ines.neu@musterstadt.example', password: 'mein-neues-passwort' },
    });
    assert.equal(login.statusCode, 200);
    const wrong = await ta.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { tenant: tenant.slug, email: 'ines.neu@musterstadt.example', password: 'ein-anderes-passwort' },
    });
    assert.equal(wrong.statusCode, 401);
  });

  it('refuses a password under 12 characters with a German message naming password, keeping the link valid', async () => {
    const { token } = await invite('kurz@musterstadt.example');
    const res = await accept({ token, password: 'kurz-123' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, 'password');
    assert.match(res.json().detail, /mindestens 12 Zeichen/);
    assert.equal((await accept({ token, password: 'jetzt-lang-genug' })).statusCode, 200);
  });

  it('an expired invitation no longer works', async () => {
    const { tenant, userId, token } = await invite('spaet@musterstadt.example');
    await withTenant(t.db, { tenantId: tenant.id }, (trx) =>
      trx.updateTable('users').set({ invite_expires_at: new Date(Date.now() - 1000) }).where('id', '=', userId).execute(),
    );
    const res = await accept({ token, password: 'mein-neues-passwort' });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().detail, /abgelaufen/);
  });

  it('the first admin of a provisioned tenant signs in with the invitation from provisioning', async () => {
    const tenant = await createTenant(t.db);
    const res = await accept({ token: tenant.inviteToken, password: 'erstes-admin-passwort' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().user.roles, ['admin']);
  });
});
