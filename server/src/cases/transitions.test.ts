import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant, driveTo, transitionBody } from '../../test/case-kit.js';
import { CASE_STATUSES, STATUS_LABELS, TRANSITIONS, TRANSITION_ACTIONS } from './lifecycle.js';

describeEachDatabase('case status transitions over HTTP', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
  });
  after(() => api.close());

  const newCase = async () => (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id })).id;

  for (const status of CASE_STATUSES) {
    for (const action of TRANSITION_ACTIONS) {
      const rule = TRANSITIONS[action];
      const legal = (rule.from as readonly string[]).includes(status);
      it(`${action} from ${status} ${legal ? `→ ${rule.to}` : 'is refused with 409'}`, async () => {
        const id = await newCase();
        const version = await driveTo(api.app, desk.headers, id, status, desk.otherUnit.id);
        const res = await call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, transitionBody(action, version, desk.otherUnit.id));
        if (legal) {
          assert.equal(res.status, 200, JSON.stringify(res.body));
          assert.equal(res.body.status, rule.to);
          assert.equal(res.body.version, version + 1);
          if (action === 'forward') assert.equal(res.body.orgUnit.id, desk.otherUnit.id);
        } else {
          assert.equal(res.status, 409);
          assert.equal(res.body.code, 'invalid_transition');
          assert.match(res.body.detail, new RegExp(STATUS_LABELS[status]));
          const after = await call(api.app, 'GET', `/api/cases/${id}`, desk.headers);
          assert.equal(after.body.status, status, 'a refused transition changes nothing');
          assert.equal(after.body.version, version);
        }
      });
    }
  }

  it('reject without a reason and forward without a target are refused naming the field', async () => {
    const id = await newCase();
    const noReason = await call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, { action: 'reject', version: 1, reason: '  ' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.field, 'reason');
    const noTarget = await call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, { action: 'forward', version: 1 });
    assert.equal(noTarget.status, 400);
    assert.equal(noTarget.body.field, 'orgUnitId');
    const unknownTarget = await call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, {
      action: 'forward', version: 1, orgUnitId: crypto.randomUUID(),
    });
    assert.equal(unknownTarget.status, 422);
    assert.equal(unknownTarget.body.field, 'orgUnitId');
  });

  it('the detail offers exactly the actions the lifecycle and the role allow', async () => {
    const id = await newCase();
    const detail = await call(api.app, 'GET', `/api/cases/${id}`, desk.headers);
    assert.deepEqual(detail.body.allowedActions, ['accept', 'reject', 'forward', 'assign', 'take_over']);
    const reader = await createUser(t.db, { tenant: desk.tenant, roles: ['reader'] });
    const asReader = await call(api.app, 'GET', `/api/cases/${id}`, await sessionHeaders(t.db, reader));
    assert.deepEqual(asReader.body.allowedActions, []);
  });

  it('a stale version is refused with 409 version_conflict naming who changed the case', async () => {
    const id = await newCase();
    const colleague = await createUser(t.db, { tenant: desk.tenant, displayName: 'Petra Kollegin' });
    const first = await call(api.app, 'POST', `/api/cases/${id}/transitions`, await sessionHeaders(t.db, colleague), { action: 'accept', version: 1 });
    assert.equal(first.status, 200);
    const stale = await call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, {
      action: 'reject', version: 1, reason: 'Doppelt eingereicht',
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'version_conflict');
    assert.equal(stale.body.currentVersion, 2);
    assert.equal(stale.body.changedBy, 'Petra Kollegin');
    const staleAssign = await call(api.app, 'PUT', `/api/cases/${id}/assignee`, desk.headers, { assigneeId: desk.user.id, version: 1 });
    assert.equal(staleAssign.status, 409);
    assert.equal(staleAssign.body.code, 'version_conflict');
  });

  it('concurrent changes on the same version: exactly one wins, the other gets version_conflict', async () => {
    const id = await newCase();
    const results = await Promise.all([
      call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, { action: 'accept', version: 1 }),
      call(api.app, 'PUT', `/api/cases/${id}/assignee`, desk.headers, { assigneeId: desk.user.id, version: 1 }),
    ]);
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409]);
    assert.equal(results.find((r) => r.status === 409)!.body.code, 'version_conflict');
    const final = await call(api.app, 'GET', `/api/cases/${id}`, desk.headers);
    assert.equal(final.body.version, 2);
  });

  it('unknown case ids answer 404 with a German message', async () => {
    const res = await call(api.app, 'POST', `/api/cases/${crypto.randomUUID()}/transitions`, desk.headers, { action: 'accept', version: 1 });
    assert.equal(res.status, 404);
    assert.match(res.body.detail, /Vorgang .* nicht gefunden/);
  });
});
