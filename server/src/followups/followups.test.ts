import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, tokenHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { addDays, todayInBerlin } from './validation.js';

const dayFromToday = (n: number) => addDays(todayInBerlin(), n);

describeEachDatabase('follow-ups on a case', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  const listOf = async (caseId: string) => (await call(api.app, 'GET', `/api/cases/${caseId}/follow-ups`, desk.headers)).body.items;

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
  });
  after(() => api.close());

  it('adds a follow-up for oneself, completes it and reopens it, with history events', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const version = (await call(api.app, 'GET', `/api/cases/${id}`, desk.headers)).body.version;
    const due = dayFromToday(7);
    const created = await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, desk.headers, {
      dueDate: due, subject: ' Nachweis anfordern ', description: 'Impfnachweis fehlt',
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.subject, 'Nachweis anfordern');
    assert.equal(created.body.dueDate, due);
    assert.deepEqual(created.body.owner, { id: desk.user.id, displayName: 'Max Sachbearbeiter' });
    assert.deepEqual([created.body.done, created.body.overdue, created.body.doneAt], [false, false, null]);

    const fid = created.body.id;
    const done = await call(api.app, 'PATCH', `/api/cases/${id}/follow-ups/${fid}`, desk.headers, { done: true });
    assert.equal(done.status, 200);
    assert.equal(done.body.done, true);
    assert.deepEqual(done.body.doneBy, { id: desk.user.id, displayName: 'Max Sachbearbeiter' });
    assert.ok(done.body.doneAt);
    const reopened = await call(api.app, 'PATCH', `/api/cases/${id}/follow-ups/${fid}`, desk.headers, { done: false });
    assert.deepEqual([reopened.body.done, reopened.body.doneAt, reopened.body.doneBy], [false, null, null]);

    const later = dayFromToday(14);
    const moved = await call(api.app, 'PATCH', `/api/cases/${id}/follow-ups/${fid}`, desk.headers, { dueDate: later, subject: 'Nachweis erneut anfordern' });
    assert.equal(moved.body.dueDate, later);
    assert.deepEqual((await listOf(id)).map((f: { subject: string }) => f.subject), ['Nachweis erneut anfordern']);

    const events = ((await call(api.app, 'GET', `/api/cases/${id}/events`, desk.headers)).body.items as { type: string; data: Record<string, unknown> }[])
      .filter((e) => e.type.startsWith('follow_up.'));
    assert.deepEqual(events.map((e) => e.type), ['follow_up.created', 'follow_up.done', 'follow_up.reopened', 'follow_up.updated']);
    assert.deepEqual(events[0]!.data, { followUpId: fid, dueDate: due, owner: { id: desk.user.id, name: 'Max Sachbearbeiter' } });
    assert.deepEqual(events[3]!.data, { followUpId: fid, dueDate: { from: due, to: later }, changed: ['dueDate', 'subject'] });
    assert.ok(!JSON.stringify(events).includes('Impfnachweis'), 'no description in the history');
    assert.equal((await call(api.app, 'GET', `/api/cases/${id}`, desk.headers)).body.version, version, 'the case version is unchanged');
  });

  it('refuses a due date in the past or an impossible date, and an owner without access to the case', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    for (const dueDate of [dayFromToday(-1), '2026-02-30']) {
      const res = await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, desk.headers, { dueDate, subject: 'x' });
      assert.equal(res.status, 400);
      assert.equal(res.body.field, 'dueDate');
    }
    const blank = await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, desk.headers, { dueDate: dayFromToday(1), subject: '  ' });
    assert.equal(blank.body.field, 'subject');
    const elsewhere = await createUser(t.db, { tenant: desk.tenant, orgUnitIds: [desk.otherUnit.id] });
    const res = await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, desk.headers, { dueDate: dayFromToday(1), subject: 'x', ownerId: elsewhere.id });
    assert.equal(res.status, 422);
    assert.equal(res.body.field, 'ownerId');
    assert.deepEqual(await listOf(id), []);
  });

  it("another tenant's case and follow-ups answer 404, and nothing changes there", async () => {
    const foreign = await deskTenant(t.db);
    const { id } = await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id });
    const theirs = (await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, foreign.headers, { dueDate: dayFromToday(3), subject: 'Fremd' })).body;
    const attempts = [
      await call(api.app, 'GET', `/api/cases/${id}/follow-ups`, desk.headers),
      await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, desk.headers, { dueDate: dayFromToday(3), subject: 'x' }),
      await call(api.app, 'PATCH', `/api/cases/${id}/follow-ups/${theirs.id}`, desk.headers, { done: true }),
      await call(api.app, 'GET', `/api/follow-ups?owner=${foreign.user.id}`, desk.headers),
    ];
    assert.deepEqual(attempts.map((r) => r.status), [404, 404, 404, 200]);
    assert.deepEqual(attempts[3]!.body.items, [], "the other tenant's person has nothing here");
    const own = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    assert.equal((await call(api.app, 'PATCH', `/api/cases/${own.id}/follow-ups/${theirs.id}`, desk.headers, { done: true })).status, 404);
    const still = (await call(api.app, 'GET', `/api/cases/${id}/follow-ups`, foreign.headers)).body.items;
    assert.equal(still[0].done, false);
  });

  it('reading needs cases:read, writing cases:write; an API client names the owner', async () => {
    const { id } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const reader = await tokenHeaders(t.db, desk.tenant.id, ['cases:read']);
    assert.equal((await call(api.app, 'GET', `/api/cases/${id}/follow-ups`, reader)).status, 200);
    assert.equal((await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, reader, { dueDate: dayFromToday(2), subject: 'x' })).status, 403);
    const machine = await tokenHeaders(t.db, desk.tenant.id, ['cases:read', 'cases:write']);
    const unnamed = await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, machine, { dueDate: dayFromToday(2), subject: 'x' });
    assert.equal(unnamed.body.field, 'ownerId');
    const named = await call(api.app, 'POST', `/api/cases/${id}/follow-ups`, machine, { dueDate: dayFromToday(2), subject: 'Frist prüfen', ownerId: desk.user.id });
    assert.equal(named.status, 201);
    assert.equal(named.body.createdBy, null);
    assert.equal((await call(api.app, 'GET', '/api/follow-ups', machine)).status, 400, 'a machine client has no "me"');
  });
});
