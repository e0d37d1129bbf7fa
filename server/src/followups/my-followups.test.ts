import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { addDays, todayInBerlin } from './validation.js';

const dayFromToday = (n: number) => addDays(todayInBerlin(), n);

interface Summary { id: string; caseNumber: string; nextFollowUp: { dueDate: string; overdue: boolean } | null }

describeEachDatabase('my follow-ups and follow-ups in the inbox', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  const cases: { id: string; caseNumber: string }[] = [];
  const fids: Record<string, string> = {};

  const add = async (caseId: string, dueDate: string, subject: string, headers = desk.headers, ownerId?: string) => {
    const res = await call(api.app, 'POST', `/api/cases/${caseId}/follow-ups`, headers, { dueDate, subject, ...(ownerId ? { ownerId } : {}) });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    fids[subject] = res.body.id;
    return res.body.id as string;
  };
  /** Follow-ups cannot be created in the past; time passing is simulated by moving the date back. */
  const makeOverdue = (fid: string, days: number) => t.adminQuery('update follow_ups set due_date = $2::date where id = $1', [fid, dayFromToday(-days)]);

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    for (let i = 0; i < 4; i++) cases.push(await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id }));
    // Case 0: an overdue one, a later one and a done one. Case 1: due in 5 days. Case 2: only done. Case 3: none.
    await makeOverdue(await add(cases[0]!.id, dayFromToday(1), 'Überfällig A'), 3);
    await add(cases[0]!.id, dayFromToday(10), 'Später A');
    const doneEarly = await add(cases[0]!.id, dayFromToday(0), 'Erledigt A');
    await call(api.app, 'PATCH', `/api/cases/${cases[0]!.id}/follow-ups/${doneEarly}`, desk.headers, { done: true });
    await add(cases[1]!.id, dayFromToday(5), 'Bald B');
    const doneC = await add(cases[2]!.id, dayFromToday(2), 'Erledigt C');
    await makeOverdue(doneC, 10);
    await call(api.app, 'PATCH', `/api/cases/${cases[2]!.id}/follow-ups/${doneC}`, desk.headers, { done: true });
  });
  after(() => api.close());

  it('lists my open follow-ups by due date, overdue first, with case number and title', async () => {
    const res = await call(api.app, 'GET', '/api/follow-ups?owner=me&state=open', desk.headers);
    assert.equal(res.status, 200);
    const items = res.body.items as { subject: string; overdue: boolean; case: { caseNumber: string; title: string } }[];
    assert.deepEqual(items.map((f) => [f.subject, f.overdue]), [['Überfällig A', true], ['Bald B', false], ['Später A', false]]);
    assert.equal(items[0]!.case.caseNumber, cases[0]!.caseNumber);
    assert.equal(items[0]!.case.title, 'Hundesteuer Anmeldung');
    assert.deepEqual(((await call(api.app, 'GET', '/api/follow-ups', desk.headers)).body.items as { subject: string }[]).map((f) => f.subject),
      items.map((f) => f.subject), 'owner=me&state=open is the default');

    const overdue = (await call(api.app, 'GET', '/api/follow-ups?state=overdue', desk.headers)).body.items as { subject: string }[];
    assert.deepEqual(overdue.map((f) => f.subject), ['Überfällig A']);
    const done = (await call(api.app, 'GET', '/api/follow-ups?state=done', desk.headers)).body.items as { subject: string; done: boolean; overdue: boolean }[];
    assert.deepEqual(done.map((f) => [f.subject, f.done, f.overdue]), [['Erledigt C', true, false], ['Erledigt A', true, false]], 'latest completed first; done is never overdue');
  });

  it("shows only one's own follow-ups, and only on cases one may see", async () => {
    const colleague = await createUser(t.db, { tenant: desk.tenant, displayName: 'Greta Kollegin', orgUnitIds: [desk.unit.id] });
    const colleagueHeaders = await sessionHeaders(t.db, colleague);
    await add(cases[3]!.id, dayFromToday(4), 'Für Greta', desk.headers, colleague.id);
    const mine = ((await call(api.app, 'GET', '/api/follow-ups', desk.headers)).body.items as { subject: string }[]).map((f) => f.subject);
    assert.ok(!mine.includes('Für Greta'));
    const hers = (await call(api.app, 'GET', '/api/follow-ups', colleagueHeaders)).body.items as { subject: string; owner: { displayName: string } }[];
    assert.deepEqual(hers.map((f) => [f.subject, f.owner.displayName]), [['Für Greta', 'Greta Kollegin']]);

    // The case moves to another unit: it leaves Greta's scope, and so does its follow-up.
    const version = (await call(api.app, 'GET', `/api/cases/${cases[3]!.id}`, desk.headers)).body.version;
    const forwarded = await call(api.app, 'POST', `/api/cases/${cases[3]!.id}/transitions`, desk.headers, { action: 'forward', version, orgUnitId: desk.otherUnit.id });
    assert.equal(forwarded.status, 200);
    assert.deepEqual((await call(api.app, 'GET', '/api/follow-ups', colleagueHeaders)).body.items, []);
    assert.equal((await call(api.app, 'GET', `/api/cases/${cases[3]!.id}/follow-ups`, colleagueHeaders)).status, 404);
  });

  it('the inbox shows the earliest open follow-up per case and filters overdue ones', async () => {
    const list = (await call(api.app, 'GET', '/api/cases?limit=200', desk.headers)).body.items as Summary[];
    const next = (i: number) => list.find((c) => c.id === cases[i]!.id)!.nextFollowUp;
    assert.deepEqual(next(0), { dueDate: dayFromToday(-3), overdue: true });
    assert.deepEqual(next(1), { dueDate: dayFromToday(5), overdue: false });
    assert.equal(next(2), null, 'completed follow-ups do not count');
    const detail = (await call(api.app, 'GET', `/api/cases/${cases[1]!.id}`, desk.headers)).body;
    assert.deepEqual(detail.nextFollowUp, { dueDate: dayFromToday(5), overdue: false });

    const overdue = (await call(api.app, 'GET', '/api/cases?followUp=overdue', desk.headers)).body.items as Summary[];
    assert.deepEqual(overdue.map((c) => c.id), [cases[0]!.id]);
    const counts = await call(api.app, 'GET', '/api/cases/counts?followUp=overdue', desk.headers);
    assert.equal(counts.body.total, 1);
    await call(api.app, 'PATCH', `/api/cases/${cases[0]!.id}/follow-ups/${fids['Überfällig A']}`, desk.headers, { done: true });
    assert.deepEqual((await call(api.app, 'GET', '/api/cases?followUp=overdue', desk.headers)).body.items, []);
    const after = (await call(api.app, 'GET', '/api/cases?limit=200', desk.headers)).body.items as Summary[];
    assert.deepEqual(after.find((c) => c.id === cases[0]!.id)!.nextFollowUp, { dueDate: dayFromToday(10), overdue: false });
    assert.equal((await call(api.app, 'GET', '/api/cases?followUp=soon', desk.headers)).status, 400);
  });
});
