import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createTenant, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';

describeEachDatabase('tenant administration: users', (t) => {
  let ta: TestApp;
  before(async () => {
    ta = await createTestApp(t.db);
  });
  after(() => ta.close());

  async function adminOfNewTenant() {
    const tenant = await createTenant(t.db);
    return { tenant, headers: await sessionHeaders(t.db, { id: tenant.adminUserId, tenant }) };
  }
  const eventsOf = (tenantId: string, type: string) =>
    withTenant(t.db, { tenantId }, (trx) => trx.selectFrom('case_events').select(['type', 'case_id', 'data', 'actor_id']).where('type', '=', type).execute());

  it('invites a user with roles and org units; the list shows them as invited; an event is recorded', async () => {
    const { tenant, headers } = await adminOfNewTenant();
    const unit = await createOrgUnit(t.db, { tenant });
    const res = await ta.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers,
      payload: { email: 'Karl.Klein@Musterstadt.example', displayName: 'Karl Klein', roles: ['caseworker'], orgUnitIds: [unit.id] },
    });
    assert.equal(res.statusCode, 201, res.body);
    const { user, inviteLink } = res.json();
    assert.equal(user.email, 'karl.klein@musterstadt.example');
    assert.equal(user.status, 'invited');
    assert.deepEqual(user.orgUnitIds, [unit.id]);
    assert.ok(inviteLink.startsWith(`${ta.config.publicUrl}/einladung#token=`));

    const list = await ta.app.inject({ method: 'GET', url: '/api/admin/users', headers });
    const listed = list.json().items.find((u: { id: string }) => u.id === user.id);
    assert.equal(listed.status, 'invited');
    const events = await eventsOf(tenant.id, 'user.invited');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.case_id, null);
    assert.equal(events[0]!.actor_id, tenant.adminUserId);

    const dup = await ta.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers,
      payload: { email: 'karl.klein@musterstadt.example', displayName: 'Karl Zwei', roles: ['reader'] },
    });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().field, 'email');
  });

  it('updates roles, org units, name and deactivates; a deactivated user is signed out', async () => {
    const { tenant, headers } = await adminOfNewTenant();
    const unit = await createOrgUnit(t.db, { tenant });
    const user = await createUser(t.db, { tenant, roles: ['reader'] });
    const userSession = await sessionHeaders(t.db, user);
    const res = await ta.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${user.id}`,
      headers,
      payload: { roles: ['caseworker', 'intake'], orgUnitIds: [unit.id], displayName: 'Moritz Mohn' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().roles, ['caseworker', 'intake']);
    assert.equal(res.json().displayName, 'Moritz Mohn');
    const updated = await eventsOf(tenant.id, 'user.updated');
    assert.deepEqual((updated[0]!.data as { changes: Record<string, unknown> }).changes.roles, { from: ['reader'], to: ['caseworker', 'intake'] });

    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: userSession })).statusCode, 200);
    const off = await ta.app.inject({ method: 'PATCH', url: `/api/admin/users/${user.id}`, headers, payload: { active: false } });
    assert.equal(off.statusCode, 200);
    assert.equal(off.json().status, 'inactive');
    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/auth/me', headers: userSession })).statusCode, 401);
    const colleagues = await ta.app.inject({ method: 'GET', url: '/api/users', headers });
    assert.ok(!colleagues.json().items.some((c: { id: string }) => c.id === user.id));
  });

  it('an admin cannot deactivate themself or remove their own admin role', async () => {
    const { tenant, headers } = await adminOfNewTenant();
    const self = `/api/admin/users/${tenant.adminUserId}`;
    const deactivate = await ta.app.inject({ method: 'PATCH', url: self, headers, payload: { active: false } });
    assert.equal(deactivate.statusCode, 409);
    assert.equal(deactivate.json().field, 'active');
    const demote = await ta.app.inject({ method: 'PATCH', url: self, headers, payload: { roles: ['caseworker'] } });
    assert.equal(demote.statusCode, 409);
    assert.equal(demote.json().field, 'roles');
    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/admin/users', headers })).statusCode, 200);
  });

  it('tenant B’s users and org units are 404 for tenant A’s admin', async () => {
    const a = await adminOfNewTenant();
    const b = await createTenant(t.db);
    const userOfB = await createUser(t.db, { tenant: b });
    const unitOfB = await createOrgUnit(t.db, { tenant: b });
    const patch = await ta.app.inject({ method: 'PATCH', url: `/api/admin/users/${userOfB.id}`, headers: a.headers, payload: { displayName: 'Übernommen' } });
    assert.equal(patch.statusCode, 404);
    const invite = await ta.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: a.headers,
      payload: { email: 'neu@a.example', displayName: 'Neu', roles: ['reader'], orgUnitIds: [unitOfB.id] },
    });
    assert.equal(invite.statusCode, 404);
    assert.equal(invite.json().field, 'orgUnitIds');
    const list = await ta.app.inject({ method: 'GET', url: '/api/admin/users', headers: a.headers });
    assert.ok(!list.body.includes(userOfB.id));
  });

  it('a caseworker gets 403 on every /api/admin route but may read the colleague list', async () => {
    const tenant = await createTenant(t.db);
    const caseworker = await sessionHeaders(t.db, await createUser(t.db, { tenant, roles: ['caseworker'] }));
    for (const url of ['/api/admin/users', '/api/admin/org-units', '/api/admin/services', '/api/admin/api-tokens']) {
      assert.equal((await ta.app.inject({ method: 'GET', url, headers: caseworker })).statusCode, 403, url);
    }
    const post = await ta.app.inject({ method: 'POST', url: '/api/admin/users', headers: caseworker, payload: { email: 'x@y.example', displayName: 'X', roles: ['admin'] } });
    assert.equal(post.statusCode, 403);
    const colleagues = await ta.app.inject({ method: 'GET', url: '/api/users', headers: caseworker });
    assert.equal(colleagues.statusCode, 200);
    assert.ok(colleagues.json().items.some((c: { id: string; displayName: string }) => c.id === tenant.adminUserId && c.displayName === 'Erika Mustermann'));
    assert.deepEqual(Object.keys(colleagues.json().items[0]).sort(), ['displayName', 'id']);
  });
});
