import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createCase, createUser } from '../../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { call, deskTenant } from '../../../test/case-kit.js';
import type { Role } from './catalog.js';

/** What the web app is told: /me lists the person's permissions, the case detail what they may do with that case. */
describeEachDatabase('permissions told to the web app', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let caseId: string;
  const as = async (roles: Role[]) => sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles }));

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    caseId = (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id })).id;
  });
  after(() => api.close());

  it('/api/auth/me lists the permissions of the roles', async () => {
    const me = async (roles: Role[]) => (await call(api.app, 'GET', '/api/auth/me', await as(roles))).body.permissions;
    assert.deepEqual(await me(['reader']), ['case.read']);
    assert.deepEqual(await me(['caseworker']),
      ['case.read', 'case.transition', 'case.assign', 'note.write', 'followup.write', 'task.write', 'message.send', 'decision.write', 'decision.release',
        'register.query', 'deadline.extend', 'absence.manage_own', 'participant.manage', 'xdomea.handover', 'delegation.share']);
    const admin = await me(['admin']);
    assert.ok(admin.includes('tenant.admin') && admin.includes('view.share') && admin.includes('accesslog.read'));
    assert.ok(!admin.includes('records.hold'), 'admins do not hold records management (separation of duties)');
    assert.deepEqual(await me(['records', 'privacy']), ['case.read', 'records.hold', 'records.destroy', 'xdomea.archive', 'accesslog.read', 'privacy.manage']);
  });

  it('the case detail says what this person may do with this case', async () => {
    const detail = async (roles: Role[]) => (await call(api.app, 'GET', `/api/cases/${caseId}`, await as(roles))).body;
    const reader = await detail(['reader']);
    assert.deepEqual(reader.permissions, []);
    assert.deepEqual(reader.allowedActions, []);
    const caseworker = await detail(['caseworker']);
    assert.ok(caseworker.permissions.includes('note.write') && caseworker.permissions.includes('case.assign'));
    assert.ok(caseworker.allowedActions.includes('accept'));
    assert.deepEqual((await detail(['records'])).permissions, ['records.hold']);
  });
});
