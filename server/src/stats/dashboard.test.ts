import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant, driveTo } from '../../test/case-kit.js';
import { uuidv7 } from '../shared/ids.js';

const DAY = 86400_000;

describeEachDatabase('dashboard statistics', (t) => {
  let api: TestApp;
  let home: Awaited<ReturnType<typeof deskTenant>>;
  let foreign: Awaited<ReturnType<typeof deskTenant>>;
  const caseIds: Record<string, string> = {};

  /** Moves a case's creation event back, so its processing time is `days` days. */
  const createdDaysAgo = (caseId: string, days: number) =>
    t.adminQuery(`update case_events set occurred_at = occurred_at - make_interval(days => ${days}) where case_id = $1 and type = 'case.created'`, [caseId]);
  const followUp = (tenantId: string, caseId: string, ownerId: string, dueInDays: number, done = false) =>
    t.adminQuery(
      `insert into follow_ups (id, tenant_id, case_id, owner_id, due_date, subject, done_at)
       values ($1, $2, $3, $4, (now() at time zone 'Europe/Berlin')::date + ${dueInDays}, 'Unterlagen prüfen', ${done ? 'now()' : 'null'})`,
      [uuidv7(), tenantId, caseId, ownerId],
    );

  before(async () => {
    api = await createTestApp(t.db);
    home = await deskTenant(t.db);
    foreign = await deskTenant(t.db);
    const make = async (name: string, options: { receivedAt?: Date; other?: boolean } = {}) => {
      const created = await createCase(t.db, {
        tenant: home.tenant, serviceId: home.service.id, receivedAt: options.receivedAt, ...(options.other ? { orgUnitId: home.otherUnit.id } : {}),
      });
      caseIds[name] = created.id;
    };
    await make('fresh');
    await make('threeWeeks', { receivedAt: new Date(Date.now() - 21 * DAY) });
    await make('ancient', { receivedAt: new Date(Date.now() - 200 * DAY) });
    await make('decided');
    await make('rejected');
    await make('otherUnit', { other: true });
    await driveTo(api.app, home.headers, caseIds.decided!, 'decided', home.otherUnit.id);
    await driveTo(api.app, home.headers, caseIds.rejected!, 'rejected', home.otherUnit.id);
    await createdDaysAgo(caseIds.decided!, 10);
    await createdDaysAgo(caseIds.rejected!, 4);
    await followUp(home.tenant.id, caseIds.fresh!, home.user.id, -3);
    await followUp(home.tenant.id, caseIds.otherUnit!, home.user.id, -1);
    await followUp(home.tenant.id, caseIds.fresh!, home.user.id, 2);
    await followUp(home.tenant.id, caseIds.threeWeeks!, home.user.id, -5, true);
    // Tenant B: busy, decided slowly, with overdue follow-ups — none of it may reach tenant A's figures.
    for (let i = 0; i < 3; i++) {
      const other = await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id });
      await driveTo(api.app, foreign.headers, other.id, 'decided', foreign.otherUnit.id);
      await followUp(foreign.tenant.id, other.id, foreign.user.id, -2);
      if (i === 0) caseIds.foreign = other.id;
    }
    await createdDaysAgo(caseIds.foreign!, 30);
  });
  after(() => api.close());

  it('answers counts by status, new this week, overdue follow-ups, processing time and weekly intake in one call', async () => {
    const res = await call(api.app, 'GET', '/api/stats/dashboard', home.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const s = res.body;
    assert.deepEqual(s.byStatus, { new: 4, decided: 1, rejected: 1 });
    assert.equal(s.total, 6);
    assert.equal(s.newThisWeek, 4, 'fresh, decided, rejected and the other unit\'s case arrived this week');
    assert.equal(s.overdueFollowUps, 2, 'open and due before today; done and future ones do not count');
    assert.deepEqual(s.medianProcessingDaysByService, [
      { serviceId: home.service.id, name: 'Hundesteuer Anmeldung', medianDays: 7, decidedCount: 2 },
    ]);
    assert.equal(s.incomingPerWeek.length, 12);
    const weeks: Array<{ weekStart: string; count: number }> = s.incomingPerWeek;
    for (const w of weeks) assert.equal(new Date(`${w.weekStart}T12:00:00Z`).getUTCDay(), 1, `${w.weekStart} is a Monday`);
    assert.deepEqual(weeks.map((w) => w.weekStart), [...weeks.map((w) => w.weekStart)].sort(), 'oldest week first');
    assert.equal(weeks[11]!.count, 4);
    assert.equal(weeks[8]!.count, 1, 'the case from three weeks ago');
    assert.equal(weeks.reduce((sum, w) => sum + w.count, 0), 5, 'the 200-day-old case is outside the 12 weeks');
  });

  it("never counts another tenant's cases, and that tenant sees only its own", async () => {
    const mine = (await call(api.app, 'GET', '/api/stats/dashboard', home.headers)).body;
    assert.equal(mine.total, 6);
    assert.ok(!mine.medianProcessingDaysByService.some((r: { serviceId: string }) => r.serviceId === foreign.service.id));
    const theirs = await call(api.app, 'GET', '/api/stats/dashboard', foreign.headers);
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.byStatus, { decided: 3 });
    assert.equal(theirs.body.overdueFollowUps, 3);
    assert.equal(theirs.body.medianProcessingDaysByService.length, 1);
    assert.equal(theirs.body.medianProcessingDaysByService[0].decidedCount, 3);
    assert.equal(theirs.body.incomingPerWeek.at(-1).count, 3);
  });

  it("respects the org-unit scope: a user of one unit does not see the other unit's cases in any figure", async () => {
    const scoped = await createUser(t.db, { tenant: home.tenant, orgUnitIds: [home.unit.id] });
    const res = await call(api.app, 'GET', '/api/stats/dashboard', await sessionHeaders(t.db, scoped));
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 5);
    assert.equal(res.body.byStatus.new, 3);
    assert.equal(res.body.newThisWeek, 3);
    assert.equal(res.body.overdueFollowUps, 1, "the other unit's overdue follow-up is not counted");
    assert.equal(res.body.incomingPerWeek.at(-1).count, 3);
  });

  it('needs a sign-in and the right to read cases', async () => {
    assert.equal((await call(api.app, 'GET', '/api/stats/dashboard', {})).status, 401);
    const intakeOnly = await tokenHeaders(t.db, home.tenant.id, ['intake:submit']);
    assert.equal((await call(api.app, 'GET', '/api/stats/dashboard', intakeOnly)).status, 403);
    const reader = await tokenHeaders(t.db, home.tenant.id, ['cases:read']);
    const res = await call(api.app, 'GET', '/api/stats/dashboard', reader);
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 6, 'a machine client sees all units');
  });
});
