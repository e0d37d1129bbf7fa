import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createTenant, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { addDays, todayInBerlin } from '../followups/validation.js';

const dayFromToday = (n: number) => addDays(todayInBerlin(), n);
type Item = { id: string; state: string; kind: string; overdue: boolean; case: { id: string }; assignee: { kind: string; id: string } };

describeEachDatabase('tasks inside a case', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  // A colleague of the building office: may read cases only, and is a member of that unit.
  let checker: { id: string; headers: Record<string, string> };

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    const user = await createUser(t.db, { tenant: desk.tenant, roles: ['reader'], displayName: 'Paula Prüferin', orgUnitIds: [desk.otherUnit.id] });
    checker = { id: user.id, headers: await sessionHeaders(t.db, user) };
  });
  after(() => api.close());

  const newCase = async () => (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id })).id;
  const eventsOf = async (caseId: string) => ((await call(api.app, 'GET', `/api/cases/${caseId}/events`, desk.headers)).body.items as { type: string; data: Record<string, unknown> }[])
    .filter((e) => e.type.startsWith('task.'));
  const countRows = async (caseId: string) => Number((await t.adminQuery<{ n: string }>(`select count(*) as n from case_tasks where case_id = '${caseId}'`))[0]!.n);

  it('asks a colleague for a check; she completes it although she may not change the case; history and notification follow', async () => {
    const caseId = await newCase();
    const due = dayFromToday(5);
    const created = await call(api.app, 'POST', `/api/cases/${caseId}/tasks`, desk.headers, {
      kind: 'check', instruction: ' Bitte Hundehaltung prüfen (Nachbar Meier beschwert sich) ', assigneeUserId: checker.id, dueDate: due,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.instruction, 'Bitte Hundehaltung prüfen (Nachbar Meier beschwert sich)');
    assert.deepEqual(created.body.assignee, { kind: 'user', id: checker.id, displayName: 'Paula Prüferin' });
    assert.deepEqual([created.body.state, created.body.dueDate, created.body.mayComplete, created.body.mayCancel], ['open', due, false, true]);
    const tid = created.body.id;

    const notes = (await call(api.app, 'GET', '/api/notifications', checker.headers)).body;
    assert.ok(notes.items.some((n: { kind: string; case: { id: string } }) => n.kind === 'task.assigned' && n.case.id === caseId), 'the assignee is told');

    const wrongOutcome = await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${tid}/complete`, checker.headers, { outcome: 'cosigned' });
    assert.deepEqual([wrongOutcome.status, wrongOutcome.body.code, wrongOutcome.body.field], [400, 'validation_failed', 'outcome']);
    const notMine = await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${tid}/complete`, desk.headers, { outcome: 'approved' });
    // (desk.user sees the case: 403, not 404)
    assert.equal(notMine.status, 403, 'the one who asked does not answer herself');

    const done = await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${tid}/complete`, checker.headers, { outcome: 'objection', comment: 'Zwinger zu klein' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.deepEqual([done.body.state, done.body.outcome, done.body.outcomeComment, done.body.closedBy?.displayName], ['done', 'objection', 'Zwinger zu klein', 'Paula Prüferin']);
    const twice = await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${tid}/complete`, checker.headers, { outcome: 'approved' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'task_closed');

    const events = await eventsOf(caseId);
    assert.deepEqual(events.map((e) => e.type), ['task.created', 'task.completed']);
    assert.deepEqual(events[1]!.data, { taskId: tid, kind: 'check', outcome: 'objection' });
    assert.ok(!JSON.stringify(events).includes('Meier') && !JSON.stringify(events).includes('Zwinger'), 'no instruction or comment in the history');
  });

  it('a task for an org unit is in the list of its members, by due day with the overdue one flagged; any member may complete it', async () => {
    const caseId = await newCase();
    const later = await call(api.app, 'POST', `/api/cases/${caseId}/tasks`, desk.headers, {
      kind: 'co_signature', instruction: 'Mitzeichnung Bescheid', assigneeOrgUnitId: desk.otherUnit.id, dueDate: dayFromToday(9),
    });
    const sooner = await call(api.app, 'POST', `/api/cases/${caseId}/tasks`, desk.headers, {
      kind: 'other', instruction: 'Akte sichten', assigneeUserId: checker.id, dueDate: dayFromToday(2),
    });
    // Overdue: a due day that has passed (written directly: the API refuses past days).
    await t.adminQuery(`update case_tasks set due_on = current_date - 3 where id = '${later.body.id}'`);
    const mine = (await call(api.app, 'GET', '/api/tasks', checker.headers)).body.items as Item[];
    const here = mine.filter((i) => i.case.id === caseId);
    assert.deepEqual(here.map((i) => [i.id, i.overdue]), [[later.body.id, true], [sooner.body.id, false]]);
    assert.equal((await call(api.app, 'GET', '/api/tasks', desk.headers)).body.items.filter((i: Item) => i.case.id === caseId).length, 0, 'not the asker\'s');
    const signed = await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${later.body.id}/complete`, checker.headers, { outcome: 'cosigned' });
    assert.equal(signed.status, 200);
    assert.equal(((await call(api.app, 'GET', '/api/tasks', checker.headers)).body.items as Item[]).filter((i) => i.case.id === caseId).length, 1);
  });

  it('cancelling: the creator may; someone neither creator nor case editor may not; a cancelled task cannot be completed', async () => {
    const caseId = await newCase();
    const task = (await call(api.app, 'POST', `/api/cases/${caseId}/tasks`, desk.headers, {
      kind: 'check', instruction: 'Prüfen', assigneeUserId: checker.id, dueDate: dayFromToday(3),
    })).body;
    // A reader of every unit sees the case but neither created the task nor may change the case.
    const reader = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['reader'] }));
    const byReader = await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${task.id}/cancel`, reader);
    assert.equal(byReader.status, 403);
    assert.equal((await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${task.id}/cancel`, checker.headers)).status, 404, 'the assignee of another unit cannot see the case');
    const cancelled = await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${task.id}/cancel`, desk.headers);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.state, 'cancelled');
    const late = await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${task.id}/complete`, checker.headers, { outcome: 'approved' });
    assert.equal(late.status, 409);
    assert.deepEqual((await eventsOf(caseId)).map((e) => e.type), ['task.created', 'task.cancelled']);
  });

  it('bad input names the field and writes nothing: unknown or foreign assignee, both or neither, a past day', async () => {
    const caseId = await newCase();
    const other = await createTenant(t.db, { name: 'Nachbargemeinde' });
    const foreignUser = await createUser(t.db, { tenant: other, roles: ['caseworker'] });
    const foreignUnit = (await deskTenant(t.db, { tenant: other })).unit;
    const base = { kind: 'check', instruction: 'Prüfen', dueDate: dayFromToday(3) };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ assigneeUserId: foreignUser.id }, 'assigneeUserId'],
      [{ assigneeUserId: '01890000-0000-7000-8000-000000000000' }, 'assigneeUserId'],
      [{ assigneeOrgUnitId: foreignUnit.id }, 'assigneeOrgUnitId'],
      [{ assigneeUserId: checker.id, assigneeOrgUnitId: desk.otherUnit.id }, 'assigneeUserId'],
      [{}, 'assigneeUserId'],
      [{ assigneeUserId: checker.id, dueDate: dayFromToday(-1) }, 'dueDate'],
    ];
    for (const [extra, field] of cases) {
      const res = await call(api.app, 'POST', `/api/cases/${caseId}/tasks`, desk.headers, { ...base, ...extra });
      assert.ok(res.status === 422 || res.status === 400, `${JSON.stringify(extra)}: ${res.status}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.body.field, field, JSON.stringify(res.body));
    }
    assert.equal(await countRows(caseId), 0);
    assert.deepEqual(await eventsOf(caseId), []);
  });

  it('another municipality sees none of it: its ids answer 404 on every task path, and nothing changes', async () => {
    const caseId = await newCase();
    const task = (await call(api.app, 'POST', `/api/cases/${caseId}/tasks`, desk.headers, {
      kind: 'check', instruction: 'Prüfen', assigneeUserId: checker.id, dueDate: dayFromToday(3),
    })).body;
    const foreign = await deskTenant(t.db);
    const probes = [
      await call(api.app, 'GET', `/api/cases/${caseId}/tasks`, foreign.headers),
      await call(api.app, 'POST', `/api/cases/${caseId}/tasks`, foreign.headers, { kind: 'check', instruction: 'x', assigneeUserId: foreign.user.id, dueDate: dayFromToday(3) }),
      await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${task.id}/complete`, foreign.headers, { outcome: 'approved' }),
      await call(api.app, 'POST', `/api/cases/${caseId}/tasks/${task.id}/cancel`, foreign.headers),
    ];
    assert.deepEqual(probes.map((p) => p.status), [404, 404, 404, 404]);
    assert.ok(!JSON.stringify(probes.map((p) => p.body)).includes('Prüfen'));
    assert.equal(((await call(api.app, 'GET', '/api/tasks', foreign.headers)).body.items as Item[]).length, 0);
    const after = (await call(api.app, 'GET', `/api/cases/${caseId}/tasks`, desk.headers)).body.items;
    assert.deepEqual(after.map((i: Item) => i.state), ['open']);
  });
});
