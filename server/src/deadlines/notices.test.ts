import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createOrgUnit, createService, createTenant, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { addWorkingDays, berlinDay } from './calendar.js';
import { noticeDue, writeDeadlineNotices } from './notices.js';

const dayFromToday = (n: number) => new Date(Date.parse(`${berlinDay()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

it('asks for the notice the settings name: before (within the days), at and after the due day, none when off', () => {
  assert.equal(noticeDue(3, { daysBefore: 3, onDueDay: true }), 'deadline.soon');
  assert.equal(noticeDue(4, { daysBefore: 3, onDueDay: true }), null);
  assert.equal(noticeDue(0, { daysBefore: 3, onDueDay: true }), 'deadline.due');
  assert.equal(noticeDue(-2, { daysBefore: 3, onDueDay: true }), 'deadline.due');
  assert.equal(noticeDue(0, { daysBefore: 3, onDueDay: false }), null);
  assert.equal(noticeDue(1, { daysBefore: null, onDueDay: true }), null);
});

describeEachDatabase('deadline notices reach the assignee and their deputy, once', (t) => {
  let api: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  const h: Record<string, Record<string, string>> = {};
  const u: Record<string, string> = {};
  const c: Record<string, string> = {};

  before(async () => {
    api = await createTestApp(t.db);
    tenant = await createTenant(t.db);
    const a = await createOrgUnit(t.db, { tenant, name: 'Ordnungsamt', shortCode: 'OA' });
    const b = await createOrgUnit(t.db, { tenant, name: 'Bauamt', shortCode: 'BA' });
    const service = await createService(t.db, { tenant, orgUnitId: a.id });
    for (const [key, name, unit] of [['anna', 'Anna Abwesend', a.id], ['bernd', 'Bernd Vertreter', b.id], ['carl', 'Carl Stumm', a.id]] as const) {
      const user = await createUser(t.db, { tenant, displayName: name, orgUnitIds: [unit], roles: ['caseworker'] });
      u[key] = user.id;
      h[key] = await sessionHeaders(t.db, user);
    }
    const today = berlinDay();
    // soon: 2 working days left (within the default 3); due: today; far: 20 left; paused: due today but a query is open.
    for (const [key, assignee, due, paused] of [
      ['soon', 'anna', addWorkingDays(today, 2, null), null], ['due', 'anna', today, null], ['far', 'anna', addWorkingDays(today, 20, null), null],
      ['paused', 'anna', today, dayFromToday(-1)], ['carls', 'carl', today, null], ['unassigned', null, today, null],
    ] as const) {
      c[key] = (await createCase(t.db, { tenant, serviceId: service.id })).id;
      await t.adminQuery('update cases set assignee_id = $2, due_on = $3, deadline_paused_on = $4 where id = $1', [c[key], assignee ? u[assignee] : null, due, paused]);
    }
  });
  after(() => api.close());

  const noticesOf = async (key: string) => ((await call(api.app, 'GET', '/api/notifications?limit=50', h[key]!)).body.items as Array<{ kind: string; case: { id: string } }>)
    .map((n) => `${n.kind}:${Object.keys(c).find((k) => c[k] === n.case.id)}`).sort();

  it('writes „soon“ and „due“ per the person’s settings; a second run adds nothing; the deputy gets them too', async () => {
    const off = await call(api.app, 'PUT', '/api/me/deadline-notices', h.carl!, { daysBefore: null, onDueDay: false });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.deepEqual((await call(api.app, 'GET', '/api/me/deadline-notices', h.carl!)).body, { daysBefore: null, onDueDay: false });
    assert.deepEqual((await call(api.app, 'GET', '/api/me/deadline-notices', h.anna!)).body, { daysBefore: 3, onDueDay: true }, 'the defaults');
    const absence = await call(api.app, 'POST', '/api/absences', h.anna!, { deputyId: u.bernd, startsOn: dayFromToday(0), endsOn: dayFromToday(3) });
    assert.equal(absence.status, 201, JSON.stringify(absence.body));

    assert.equal(await writeDeadlineNotices(t.db, tenant.id), 4);
    assert.equal(await writeDeadlineNotices(t.db, tenant.id), 0, 'idempotent per person, case and kind');
    assert.deepEqual(await noticesOf('anna'), ['deadline.due:due', 'deadline.soon:soon']);
    assert.deepEqual(await noticesOf('bernd'), ['deadline.due:due', 'deadline.soon:soon'], 'the deputy sees them although the cases are outside his unit');
    assert.deepEqual(await noticesOf('carl'), [], 'notices switched off');
  });

  it('refuses bad settings with the field named and changes nothing', async () => {
    const bad = await call(api.app, 'PUT', '/api/me/deadline-notices', h.anna!, { daysBefore: 99, onDueDay: true });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body), /daysBefore/);
    assert.deepEqual((await call(api.app, 'GET', '/api/me/deadline-notices', h.anna!)).body, { daysBefore: 3, onDueDay: true });
  });
});
