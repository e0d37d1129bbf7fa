import { after, before, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { withTenant } from '../db/database.js';
import { receiveReply } from '../mailbox/inbound.js';

/**
 * The clock of the deadline code is JavaScript's: the test sets the day (10:00 German time) while
 * one request or service call runs, so the dates over Easter 2026 can be asserted exactly.
 */
async function on<T>(day: string, run: () => Promise<T>): Promise<T> {
  mock.timers.enable({ apis: ['Date'], now: Date.parse(`${day}T08:00:00Z`) });
  try {
    return await run();
  } finally {
    mock.timers.reset();
  }
}

describeEachDatabase('a deadline pauses while a query awaits the reply', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let caseId: string;

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db, { roles: ['caseworker'] });
    await t.adminQuery('update services set deadline_working_days = 10, deemed_approval = true, deadline_kind = $2 where id = $1', [desk.service.id, 'statutory']);
    await t.adminQuery("insert into deadline_settings (tenant_id, holiday_state, updated_by_name) values ($1, 'SH', 'Test')", [desk.tenant.id]);
    // Received Monday 23 March 2026: 10 working days, Good Friday (3 April) and Easter Monday (6 April) do not count.
    const created = await createCase(t.db, {
      tenant: desk.tenant, serviceId: desk.service.id, receivedAt: new Date('2026-03-23T09:00:00Z'),
      applicant: { kind: 'person', firstName: 'Anna', lastName: 'Schmidt', email: 'anna.schmidt@example.org' },
    });
    caseId = created.id;
  });
  after(() => api.close());

  const deadline = async (day: string) => on(day, async () => {
    const res = await call(api.app, 'GET', `/api/cases/${caseId}`, desk.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.deadline;
  });
  const overdueIds = async (day: string) => on(day, async () => {
    const res = await call(api.app, 'GET', '/api/cases?deadline=overdue', desk.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return (res.body.items as Array<{ id: string }>).map((c) => c.id);
  });

  it('gets its due day from the service, skipping the Easter holidays', async () => {
    const d = await deadline('2026-03-30');
    assert.equal(d.dueOn, '2026-04-08');
    assert.equal(d.status, 'running');
    assert.equal(d.remainingWorkingDays, 5); // 31 Mar, 1, 2, 7, 8 April
    assert.equal(d.deemedApproval, true);
    assert.equal(d.kind, 'statutory');
  });

  it('stops on a query awaiting a reply and runs again on the reply, moved by the paused working days', async () => {
    const sent = await on('2026-04-01', () => call(api.app, 'POST', `/api/cases/${caseId}/messages`, desk.headers, {
      subject: 'Rückfrage zu Ihrem Antrag', body: 'Bitte reichen Sie den Nachweis nach.', replyBy: '2026-04-15',
    }));
    assert.equal(sent.status, 201, JSON.stringify(sent.body));

    const paused = await deadline('2026-04-09');
    assert.equal(paused.status, 'paused');
    assert.equal(paused.pausedSince, '2026-04-01');
    assert.equal(paused.dueOn, '2026-04-08', 'the old due day is kept while paused');
    assert.deepEqual(await overdueIds('2026-04-09'), [], 'a paused deadline is not overdue');

    // The reply arrives on Thursday 9 April: 2, 7, 8, 9 April were paused (4 working days) → due Tuesday 14 April.
    await on('2026-04-09', () => withTenant(t.db, { tenantId: desk.tenant.id }, (trx) =>
      receiveReply(trx, desk.tenant.id, caseId, { body: 'Anbei der Nachweis.', attachments: [], channel: 'portal' }, 'http://localhost')));
    const resumed = await deadline('2026-04-09');
    assert.equal(resumed.status, 'running');
    assert.equal(resumed.pausedSince, null);
    assert.equal(resumed.dueOn, '2026-04-14');
    assert.equal(resumed.remainingWorkingDays, 3);

    const history = await call(api.app, 'GET', `/api/cases/${caseId}/events`, desk.headers);
    const events = (history.body.items as Array<{ type: string; data: Record<string, unknown> }>).filter((e) => e.type.startsWith('deadline.'));
    assert.deepEqual(events.map((e) => e.type), ['deadline.paused', 'deadline.resumed']);
    assert.deepEqual(events[1]!.data.dueOn, { from: '2026-04-08', to: '2026-04-14' });
    assert.equal(events[1]!.data.pausedWorkingDays, 4);

    assert.deepEqual(await overdueIds('2026-04-14'), []);
    assert.deepEqual(await overdueIds('2026-04-15'), [caseId], 'overdue the day after the due day');
    const late = await deadline('2026-04-16');
    assert.equal(late.status, 'overdue');
    assert.equal(late.remainingWorkingDays, -2);
  });
});
