import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders } from '../../test/app.js';
import { createUser } from '../../test/factories.js';
import { createOperatorSession, CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.js';
import { findTenantBySlug } from '../tenants/provision.js';
import { withTenant } from '../db/database.js';
import { createOperator } from '../auth/operators.js';

let n = 0;
async function operatorHeaders(db: Parameters<typeof createOperator>[0]) {
  const op = await createOperator(db, { email: `betrieb-${Date.now()}-${n++}@rechenzentrum.example`, displayName: 'Betrieb', password: 'ein-langes-passwort-1' });
  const session = await createOperatorSession(db, op.id, 1);
  return { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
}

describeEachDatabase('platform tenant administration', (t) => {
  it('an operator provisions a tenant and gets the admin first-login link', async () => {
    const { app, config, close } = await createTestApp(t.db);
    const headers = await operatorHeaders(t.db);
    const res = await app.inject({
      method: 'POST',
      url: '/api/platform/tenants',
      headers,
      payload: { name: 'Gemeinde Süderbrarup', kind: 'municipality', ags: '01059178', adminEmail: 'it@suederbrarup.example', adminName: 'Jens Petersen' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.slug, 'gemeinde-suederbrarup');
    assert.ok(body.inviteLink.startsWith(`${config.publicUrl}/einladung#token=`));
    const tenant = await findTenantBySlug(t.db, 'gemeinde-suederbrarup');
    assert.equal(tenant?.id, body.tenantId);
    const admins = await withTenant(t.db, { tenantId: body.tenantId }, (trx) => trx.selectFrom('users').select(['email', 'roles']).execute());
    assert.deepEqual(admins, [{ email: 'it@suederbrarup.example', roles: ['admin'] }]);

    const list = await app.inject({ method: 'GET', url: '/api/platform/tenants', headers });
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().items.some((i: { slug: string; ags: string }) => i.slug === 'gemeinde-suederbrarup' && i.ags === '01059178'));
    await close();
  });

  it('bad input names the field and creates nothing', async () => {
    const { app, close } = await createTestApp(t.db);
    const headers = await operatorHeaders(t.db);
    const res = await app.inject({
      method: 'POST',
      url: '/api/platform/tenants',
      headers,
      payload: { name: 'Amt Falsch', kind: 'municipality', ags: '123', adminEmail: 'a@b.example', adminName: 'A', slug: 'amt-falsch' },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, 'ags');
    assert.equal(await findTenantBySlug(t.db, 'amt-falsch'), undefined);
    await close();
  });

  it('tenant users and tokens are refused with 403, anonymous callers with 401', async () => {
    const { app, close } = await createTestApp(t.db);
    const admin = await createUser(t.db, { roles: ['admin'] });
    const payload = { name: 'Übernahme', kind: 'city', ags: '01002000', adminEmail: 'x@y.example', adminName: 'X', slug: 'uebernahme' };
    const asUser = await app.inject({ method: 'POST', url: '/api/platform/tenants', headers: await sessionHeaders(t.db, admin), payload });
    assert.equal(asUser.statusCode, 403);
    const listAsUser = await app.inject({ method: 'GET', url: '/api/platform/tenants', headers: await sessionHeaders(t.db, admin) });
    assert.equal(listAsUser.statusCode, 403);
    const asToken = await app.inject({
      method: 'GET',
      url: '/api/platform/tenants',
      headers: await tokenHeaders(t.db, admin.tenant.id, ['admin:manage']),
    });
    assert.equal(asToken.statusCode, 403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/platform/tenants' });
    assert.equal(anonymous.statusCode, 401);
    assert.equal(await findTenantBySlug(t.db, 'uebernahme'), undefined);
    await close();
  });

  it('an operator session without the CSRF header cannot provision', async () => {
    const { app, close } = await createTestApp(t.db);
    const headers = await operatorHeaders(t.db);
    const res = await app.inject({
      method: 'POST',
      url: '/api/platform/tenants',
      headers: { cookie: headers.cookie! },
      payload: { name: 'Amt Ohne', kind: 'office', ags: '01058000', adminEmail: 'a@ohne.example', adminName: 'A', slug: 'amt-ohne' },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(await findTenantBySlug(t.db, 'amt-ohne'), undefined);
    await close();
  });
});
