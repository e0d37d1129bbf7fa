import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../test/app.js';
import { createTenant } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { CSRF_HEADER, SESSION_COOKIE } from './sessions.js';

describeEachDatabase('CSRF protection of cookie sessions', (t) => {
  let ta: TestApp;
  before(async () => {
    ta = await createTestApp(t.db);
  });
  after(() => ta.close());

  const orgUnitCount = (tenantId: string) =>
    withTenant(t.db, { tenantId }, async (trx) => (await trx.selectFrom('org_units').select('id').execute()).length);

  it('refuses a cookie-authenticated change without or with a wrong x-csrf-token, and changes nothing', async () => {
    const tenant = await createTenant(t.db);
    const headers = await sessionHeaders(t.db, { id: tenant.adminUserId, tenant });
    const cookieOnly = { cookie: headers.cookie! };
    for (const extra of [{}, { [CSRF_HEADER]: 'geraten' }]) {
      const res = await ta.app.inject({
        method: 'POST',
        url: '/api/admin/org-units',
        headers: { ...cookieOnly, ...extra },
        payload: { name: 'Bauamt', shortCode: 'BA' },
      });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json().code, 'csrf_failed');
    }
    assert.equal(await orgUnitCount(tenant.id), 0);
  });

  it('accepts the same change with the session’s token', async () => {
    const tenant = await createTenant(t.db);
    const headers = await sessionHeaders(t.db, { id: tenant.adminUserId, tenant });
    const res = await ta.app.inject({ method: 'POST', url: '/api/admin/org-units', headers, payload: { name: 'Bauamt', shortCode: 'BA' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(await orgUnitCount(tenant.id), 1);
  });

  it('reads need no CSRF header; bearer-token requests need none for changes either', async () => {
    const tenant = await createTenant(t.db);
    const headers = await sessionHeaders(t.db, { id: tenant.adminUserId, tenant });
    const read = await ta.app.inject({ method: 'GET', url: '/api/admin/org-units', headers: { cookie: headers.cookie! } });
    assert.equal(read.statusCode, 200);
    const bearer = await tokenHeaders(t.db, tenant.id, ['admin:manage']);
    const res = await ta.app.inject({ method: 'POST', url: '/api/admin/org-units', headers: bearer, payload: { name: 'Ordnungsamt', shortCode: 'OA' } });
    assert.equal(res.statusCode, 201, res.body);
  });

  it('logout with a valid session also needs the token (no forced sign-out from other sites)', async () => {
    const tenant = await createTenant(t.db);
    const headers = await sessionHeaders(t.db, { id: tenant.adminUserId, tenant });
    const forged = await ta.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: headers.cookie! } });
    assert.equal(forged.statusCode, 403);
    const me = await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: headers.cookie! } });
    assert.equal(me.statusCode, 200);
    assert.ok(headers.cookie!.startsWith(`${SESSION_COOKIE}=`));
  });
});
