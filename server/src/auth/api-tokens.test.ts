import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createTenant, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { sha256Hex } from '../shared/ids.js';

describeEachDatabase('API tokens for machine clients', (t) => {
  let ta: TestApp;
  before(async () => {
    ta = await createTestApp(t.db);
  });
  after(() => ta.close());

  async function adminCreatesToken(scopes: string[]) {
    const tenant = await createTenant(t.db);
    const admin = await sessionHeaders(t.db, { id: tenant.adminUserId, tenant });
    const res = await ta.app.inject({ method: 'POST', url: '/api/admin/api-tokens', headers: admin, payload: { name: 'Formularserver', scopes } });
    assert.equal(res.statusCode, 201, res.body);
    const { id, token } = res.json() as { id: string; token: string };
    return { tenant, admin, id, bearer: { authorization: `Bearer ${token}` }, token };
  }

  it('is shown once, stored only as a hash, and listed without any secret', async () => {
    const { tenant, admin, id, token } = await adminCreatesToken(['cases:read']);
    const list = await ta.app.inject({ method: 'GET', url: '/api/admin/api-tokens', headers: admin });
    assert.equal(list.statusCode, 200);
    const item = list.json().items.find((i: { id: string }) => i.id === id);
    assert.deepEqual(item.scopes, ['cases:read']);
    assert.equal(item.revokedAt, null);
    assert.ok(!list.body.includes(token) && !list.body.includes(sha256Hex(token)));
    const row = await withTenant(t.db, { tenantId: tenant.id }, (trx) => trx.selectFrom('api_tokens').select('token_hash').where('id', '=', id).executeTakeFirstOrThrow());
    assert.equal(row.token_hash, sha256Hex(token));
    const events = await withTenant(t.db, { tenantId: tenant.id }, (trx) => trx.selectFrom('case_events').select('type').where('type', '=', 'api_token.created').execute());
    assert.equal(events.length, 1);
  });

  it('a token with cases:read can read but cannot use a write route (403)', async () => {
    const { bearer } = await adminCreatesToken(['cases:read']);
    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/org-units', headers: bearer })).statusCode, 200);
    const write = await ta.app.inject({ method: 'POST', url: '/api/admin/org-units', headers: bearer, payload: { name: 'Bauamt', shortCode: 'BA' } });
    assert.equal(write.statusCode, 403);
    assert.equal(write.json().code, 'forbidden');
    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/admin/api-tokens', headers: bearer })).statusCode, 403);
  });

  it('a revoked token answers 401', async () => {
    const { admin, id, bearer } = await adminCreatesToken(['cases:read']);
    const revoke = await ta.app.inject({ method: 'DELETE', url: `/api/admin/api-tokens/${id}`, headers: admin });
    assert.equal(revoke.statusCode, 204);
    const res = await ta.app.inject({ method: 'GET', url: '/api/org-units', headers: bearer });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().code, 'unauthenticated');
  });

  it('a token of tenant A cannot see or change tenant B’s resources (404)', async () => {
    const a = await createTenant(t.db);
    const b = await createTenant(t.db);
    const unitOfB = await createOrgUnit(t.db, { tenant: b, name: 'Bürgerbüro B' });
    const tokenA = await tokenHeaders(t.db, a.id, ['admin:manage', 'cases:read']);
    const patch = await ta.app.inject({ method: 'PATCH', url: `/api/admin/org-units/${unitOfB.id}`, headers: tokenA, payload: { name: 'Gekapert' } });
    assert.equal(patch.statusCode, 404);
    const list = await ta.app.inject({ method: 'GET', url: '/api/org-units', headers: tokenA });
    assert.ok(!list.body.includes(unitOfB.id));
    const tokenOfB = await adminCreatesToken(['cases:read']);
    const adminA = await sessionHeaders(t.db, { id: a.adminUserId, tenant: a });
    const revoke = await ta.app.inject({ method: 'DELETE', url: `/api/admin/api-tokens/${tokenOfB.id}`, headers: adminA });
    assert.equal(revoke.statusCode, 404);
    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/org-units', headers: tokenOfB.bearer })).statusCode, 200);
  });

  it('refuses unknown scopes naming the field, and non-admins', async () => {
    const tenant = await createTenant(t.db);
    const admin = await sessionHeaders(t.db, { id: tenant.adminUserId, tenant });
    const bad = await ta.app.inject({ method: 'POST', url: '/api/admin/api-tokens', headers: admin, payload: { name: 'x', scopes: ['alles'] } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().field, /^scopes/);
    const caseworker = await createUser(t.db, { tenant, roles: ['caseworker'] });
    const res = await ta.app.inject({
      method: 'POST',
      url: '/api/admin/api-tokens',
      headers: await sessionHeaders(t.db, caseworker),
      payload: { name: 'x', scopes: ['cases:read'] },
    });
    assert.equal(res.statusCode, 403);
  });
});
