import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { addWorkingDays, berlinDay, nextWorkingDay } from './calendar.js';

describeEachDatabase('extending a deadline', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let caseId: string;

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    await t.adminQuery('update services set deadline_working_days = 20 where id = $1', [desk.service.id]);
    caseId = (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id })).id;
  });
  after(() => api.close());

  it('moves a chosen day off a weekend to the next working day, says why, and records who and why', async () => {
    const due = (await call(api.app, 'GET', `/api/cases/${caseId}`, desk.headers)).body.deadline.dueOn as string;
    assert.equal(due, addWorkingDays(berlinDay(), 20, null));
    // The first Saturday after the current due day.
    let saturday = new Date(`${due}T00:00:00Z`);
    do saturday = new Date(saturday.getTime() + 86_400_000); while (saturday.getUTCDay() !== 6);
    const requested = saturday.toISOString().slice(0, 10);
    const res = await call(api.app, 'POST', `/api/cases/${caseId}/deadline/extension`, desk.headers, { dueOn: requested, reason: 'Gutachten steht aus' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.deadline.dueOn, nextWorkingDay(requested, null));
    assert.deepEqual(res.body.deadline.shiftedFrom, { requestedOn: requested, reason: 'Samstag' });
    const events = (await call(api.app, 'GET', `/api/cases/${caseId}/events`, desk.headers)).body.items as Array<{ type: string; actor: { name: string }; data: Record<string, unknown> }>;
    const extended = events.find((e) => e.type === 'deadline.extended')!;
    assert.equal(extended.data.reason, 'Gutachten steht aus');
    assert.equal(extended.actor.name, 'Max Sachbearbeiter');
  });

  it('refuses without a reason, an earlier day, or for a reader; nothing changes', async () => {
    const before = (await call(api.app, 'GET', `/api/cases/${caseId}`, desk.headers)).body.deadline;
    const noReason = await call(api.app, 'POST', `/api/cases/${caseId}/deadline/extension`, desk.headers, { workingDays: 5, reason: '  ' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.field, 'reason');
    const earlier = await call(api.app, 'POST', `/api/cases/${caseId}/deadline/extension`, desk.headers, { dueOn: berlinDay(), reason: 'x' });
    assert.equal(earlier.status, 400);
    assert.match(earlier.body.detail, /nach dem bisherigen/);
    const reader = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['reader'] }));
    assert.equal((await call(api.app, 'POST', `/api/cases/${caseId}/deadline/extension`, reader, { workingDays: 5, reason: 'x' })).status, 403);
    assert.deepEqual((await call(api.app, 'GET', `/api/cases/${caseId}`, desk.headers)).body.deadline, before);
  });
});
