import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { verifyTenantChain } from '../events/verify.js';

describeEachDatabase('case history and hash chain', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
  });
  after(() => api.close());

  it('every change is in the history with who, when and old → new', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const colleague = await createUser(t.db, { tenant: desk.tenant, displayName: 'Petra Kollegin' });
    const started = Date.now();
    const steps: Array<[string, string, unknown]> = [
      ['PUT', 'assignee', { assigneeId: colleague.id, version: 1 }],
      ['POST', 'transitions', { action: 'accept', version: 2 }],
      ['POST', 'transitions', { action: 'forward', version: 3, orgUnitId: desk.otherUnit.id, reason: 'Zuständig ist das Bauamt' }],
    ];
    for (const [method, path, body] of steps) {
      const res = await call(api.app, method as 'PUT', `/api/cases/${id}/${path}`, desk.headers, body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const res = await call(api.app, 'GET', `/api/cases/${id}/events`, desk.headers);
    assert.equal(res.status, 200);
    const items = res.body.items as Array<{ seq: number; type: string; actor: { name: string }; data: any; occurredAt: string }>;
    assert.deepEqual(items.map((e) => e.type), ['case.created', 'case.assigned', 'case.status_changed', 'case.status_changed']);
    assert.ok(items.every((e, i) => i === 0 || e.seq > items[i - 1]!.seq), 'events come in chain order');
    const [, assigned, accepted, forwarded] = items;
    assert.equal(assigned!.actor.name, 'Max Sachbearbeiter');
    assert.ok(Date.parse(assigned!.occurredAt) >= started - 1000);
    assert.deepEqual(assigned!.data.assignee, { from: null, to: { id: colleague.id, name: 'Petra Kollegin' } });
    assert.deepEqual(accepted!.data.status, { from: 'new', to: 'accepted' });
    assert.deepEqual(forwarded!.data.status, { from: 'accepted', to: 'forwarded' });
    assert.deepEqual(forwarded!.data.orgUnit, { from: { id: desk.unit.id, name: 'Ordnungsamt' }, to: { id: desk.otherUnit.id, name: 'Bauamt' } });
    assert.deepEqual(forwarded!.data.reason, { from: null, to: 'Zuständig ist das Bauamt' });
    assert.deepEqual(forwarded!.data.assignee, { from: { id: colleague.id, name: 'Petra Kollegin' }, to: null });

    const notices = await t.adminQuery<{ payload: { eventType: string } }>(
      `select payload from outbox where tenant_id = $1 and payload->'body'->>'caseId' = $2 order by created_at, id`, [desk.tenant.id, id]);
    assert.deepEqual(notices.map((n) => n.payload.eventType), ['case.created', 'case.assigned', 'case.status_changed', 'case.status_changed']);
  });

  it('take over, unassign, and an inactive or foreign assignee is refused naming assigneeId', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const takeOver = await call(api.app, 'PUT', `/api/cases/${id}/assignee`, desk.headers, { assigneeId: desk.user.id, version: 1 });
    assert.equal(takeOver.body.assignee.id, desk.user.id);
    assert.ok(takeOver.body.allowedActions.includes('unassign'));
    const stranger = await createUser(t.db);
    const foreign = await call(api.app, 'PUT', `/api/cases/${id}/assignee`, desk.headers, { assigneeId: stranger.id, version: 2 });
    assert.equal(foreign.status, 422);
    assert.equal(foreign.body.field, 'assigneeId');
    const inactive = await createUser(t.db, { tenant: desk.tenant });
    await t.adminQuery('update users set active = false where id = $1', [inactive.id]);
    const refused = await call(api.app, 'PUT', `/api/cases/${id}/assignee`, desk.headers, { assigneeId: inactive.id, version: 2 });
    assert.equal(refused.status, 422);
    const unassigned = await call(api.app, 'PUT', `/api/cases/${id}/assignee`, desk.headers, { assigneeId: null, version: 2 });
    assert.equal(unassigned.body.assignee, null);
    assert.equal(unassigned.body.version, 3);
  });

  it('the chain verifies after changes and names the exact event that was tampered with', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    await call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, { action: 'accept', version: 1 });
    await call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, { action: 'start', version: 2 });
    await call(api.app, 'POST', `/api/cases/${id}/transitions`, desk.headers, { action: 'decide', version: 3 });
    const clean = await verifyTenantChain(t.db, desk.tenant.id);
    assert.equal(clean.ok, true, JSON.stringify(clean.problems));

    const [target] = await t.adminQuery<{ seq: string }>(
      `select seq from case_events where case_id = $1 and type = 'case.status_changed' order by seq limit 1 offset 1`, [id]);
    await t.adminQuery(
      `update case_events set data = '{"status":{"from":"accepted","to":"closed"}}'::jsonb where tenant_id = $1 and seq = $2`,
      [desk.tenant.id, Number(target!.seq)],
    );
    const tampered = await verifyTenantChain(t.db, desk.tenant.id);
    assert.equal(tampered.ok, false);
    assert.deepEqual(tampered.problems.map((p) => [p.seq, p.reason]), [[Number(target!.seq), 'hash_mismatch']]);
  });

  it('a reader sees the history but cannot change anything', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const reader = await createUser(t.db, { tenant: desk.tenant, roles: ['reader'] });
    const headers = await sessionHeaders(t.db, reader);
    assert.equal((await call(api.app, 'GET', `/api/cases/${id}/events`, headers)).status, 200);
    const res = await call(api.app, 'POST', `/api/cases/${id}/transitions`, headers, { action: 'accept', version: 1 });
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'forbidden');
    assert.equal((await call(api.app, 'PUT', `/api/cases/${id}/assignee`, headers, { assigneeId: reader.id, version: 1 })).status, 403);
  });
});
