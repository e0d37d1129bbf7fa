import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';

/*
 * A session is resolved in one statement on every request, with nothing cached (migration 0035,
 * decision 0015). Two app instances on one database stand for a cluster: whatever one instance
 * changes (sign-out, deactivation, org units) holds on the very next request at the other.
 */
describeEachDatabase('session resolved on every request, across instances', (t) => {
  let first: TestApp;
  let second: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let admin: Record<string, string>;

  before(async () => {
    first = await createTestApp(t.db);
    second = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    admin = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['admin'], displayName: 'Ada Admin' }));
  });
  after(async () => {
    await first.close();
    await second.close();
  });

  it('a sign-out at one instance ends the session at the other on the next request', async () => {
    const user = await createUser(t.db, { tenant: desk.tenant });
    const headers = await sessionHeaders(t.db, user);
    assert.equal((await call(second.app, 'GET', '/api/auth/me', headers)).status, 200);
    assert.equal((await call(first.app, 'POST', '/api/auth/logout', headers)).status, 204);
    const res = await call(second.app, 'GET', '/api/cases', headers);
    assert.equal(res.status, 401);
    assert.equal(res.body.reason, 'session_expired');
  });

  it('a deactivated account is refused on its next request at any instance', async () => {
    const user = await createUser(t.db, { tenant: desk.tenant });
    const headers = await sessionHeaders(t.db, user);
    assert.equal((await call(second.app, 'GET', '/api/cases', headers)).status, 200);
    assert.equal((await call(first.app, 'PATCH', `/api/admin/users/${user.id}`, admin, { active: false })).status, 200);
    assert.equal((await call(second.app, 'GET', '/api/cases', headers)).status, 401);
  });

  it('a changed org-unit scope applies to the next request', async () => {
    const user = await createUser(t.db, { tenant: desk.tenant, orgUnitIds: [desk.unit.id] });
    const headers = await sessionHeaders(t.db, user);
    const elsewhere = await createCase(t.db, { tenant: desk.tenant, orgUnitId: desk.otherUnit.id });
    assert.equal((await call(second.app, 'GET', `/api/cases/${elsewhere.id}`, headers)).status, 404);
    const moved = await call(first.app, 'PATCH', `/api/admin/users/${user.id}`, admin, { orgUnitIds: [desk.otherUnit.id] });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal((await call(second.app, 'GET', `/api/cases/${elsewhere.id}`, headers)).status, 200);
  });

  it('another tenant\'s session never reaches this tenant\'s cases', async () => {
    const other = await deskTenant(t.db);
    const mine = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    assert.equal((await call(second.app, 'GET', `/api/cases/${mine.id}`, other.headers)).status, 404);
    assert.equal((await call(second.app, 'GET', `/api/cases/${mine.id}`, desk.headers)).status, 200);
  });
});
