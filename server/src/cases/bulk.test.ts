import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createCase, createUser } from '../../test/factories.js';
import { call, deskTenant, driveTo } from '../../test/case-kit.js';

describeEachDatabase('bulk case actions', (t) => {
  let api: TestApp;
  before(async () => {
    api = await createTestApp(t.db);
  });
  after(async () => api.close());

  it('accepts many cases, each on its current version; a refused case does not stop the others', async () => {
    const desk = await deskTenant(t.db);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id })).id);
    // One case was already changed by a colleague (newer version), one is in a status that cannot be accepted.
    await call(api.app, 'PUT', `/api/cases/${ids[1]}/assignee`, desk.headers, { assigneeId: desk.user.id, version: 1 });
    await driveTo(api.app, desk.headers, ids[2]!, 'closed', desk.otherUnit.id);
    const unknown = '01900000-0000-7000-8000-000000000000';

    const res = await call(api.app, 'POST', '/api/cases/bulk', desk.headers, { action: 'accept', caseIds: [...ids, unknown] });
    assert.equal(res.status, 200);
    const byId = new Map(res.body.results.map((r: any) => [r.caseId, r]));
    assert.deepEqual(byId.get(ids[0]), { caseId: ids[0], ok: true });
    assert.deepEqual(byId.get(ids[1]), { caseId: ids[1], ok: true }, 'bulk applies to the current state');
    assert.equal((byId.get(ids[2]) as any).ok, false);
    assert.equal((byId.get(ids[2]) as any).code, 'invalid_transition');
    assert.match((byId.get(ids[2]) as any).detail, /Abgeschlossen/);
    assert.deepEqual(byId.get(ids[3]), { caseId: ids[3], ok: true });
    assert.equal((byId.get(unknown) as any).code, 'not_found');

    for (const id of [ids[0], ids[1], ids[3]]) {
      const detail = await call(api.app, 'GET', `/api/cases/${id}`, desk.headers);
      assert.equal(detail.body.status, 'accepted');
      const events = await call(api.app, 'GET', `/api/cases/${id}/events`, desk.headers);
      assert.ok(events.body.items.some((e: any) => e.type === 'case.status_changed'), 'history records each bulk change');
    }
  });

  it('assigns many cases to a colleague; a colleague without access to a case unit is refused for that case only', async () => {
    const desk = await deskTenant(t.db);
    const colleague = await createUser(t.db, { tenant: desk.tenant, displayName: 'Erika Muster', orgUnitIds: [desk.unit.id] });
    const inUnit = (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id })).id;
    const elsewhere = (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, orgUnitId: desk.otherUnit.id })).id;
    const res = await call(api.app, 'POST', '/api/cases/bulk', desk.headers, { action: 'assign', caseIds: [inUnit, elsewhere], assigneeId: colleague.id });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results[0], { caseId: inUnit, ok: true });
    assert.equal(res.body.results[1].ok, false);
    assert.equal(res.body.results[1].code, 'unprocessable');
    assert.match(res.body.results[1].detail, /Erika Muster hat keinen Zugriff/);
    assert.equal((await call(api.app, 'GET', `/api/cases/${inUnit}`, desk.headers)).body.assignee.displayName, 'Erika Muster');
    assert.equal((await call(api.app, 'GET', `/api/cases/${elsewhere}`, desk.headers)).body.assignee, null);
  });

  it('validates the request: assignee required for assign, at most 500 ids, readers may not', async () => {
    const desk = await deskTenant(t.db);
    const id = (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id })).id;
    const noAssignee = await call(api.app, 'POST', '/api/cases/bulk', desk.headers, { action: 'assign', caseIds: [id] });
    assert.equal(noAssignee.status, 400);
    assert.equal(noAssignee.body.field, 'assigneeId');
    const tooMany = Array.from({ length: 501 }, () => id);
    const big = await call(api.app, 'POST', '/api/cases/bulk', desk.headers, { action: 'accept', caseIds: tooMany });
    assert.equal(big.status, 400);
    assert.equal(big.body.field, 'caseIds');
    const reader = await createUser(t.db, { tenant: desk.tenant, roles: ['reader'] });
    const refused = await call(api.app, 'POST', '/api/cases/bulk', await sessionHeaders(t.db, reader), { action: 'accept', caseIds: [id] });
    assert.equal(refused.status, 403);
    assert.equal((await call(api.app, 'GET', `/api/cases/${id}`, desk.headers)).body.status, 'new');
  });

  it("another tenant's cases answer not_found per case and stay unchanged", async () => {
    const mine = await deskTenant(t.db);
    const theirs = await deskTenant(t.db);
    const foreign = (await createCase(t.db, { tenant: theirs.tenant, serviceId: theirs.service.id })).id;
    const res = await call(api.app, 'POST', '/api/cases/bulk', mine.headers, { action: 'accept', caseIds: [foreign] });
    assert.equal(res.status, 200);
    assert.equal(res.body.results[0].code, 'not_found');
    assert.equal((await call(api.app, 'GET', `/api/cases/${foreign}`, theirs.headers)).body.status, 'new');
  });
});
