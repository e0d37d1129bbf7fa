import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createOrgUnit, createService, createTenant, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { berlinDay } from '../deadlines/calendar.js';

const dayFromToday = (n: number) => new Date(Date.parse(`${berlinDay()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const ids = (body: { items: Array<{ id: string }> }) => body.items.map((c) => c.id).sort();

describeEachDatabase('a deputy sees exactly the absent person’s cases', (t) => {
  let api: TestApp;
  const h: Record<string, Record<string, string>> = {};
  const c: Record<string, string> = {};
  const u: Record<string, string> = {};

  before(async () => {
    api = await createTestApp(t.db);
    const tenant = await createTenant(t.db);
    const a = await createOrgUnit(t.db, { tenant, name: 'Ordnungsamt', shortCode: 'OA' });
    const b = await createOrgUnit(t.db, { tenant, name: 'Bauamt', shortCode: 'BA' });
    const sa = await createService(t.db, { tenant, orgUnitId: a.id });
    const sb = await createService(t.db, { tenant, orgUnitId: b.id, name: 'Baugenehmigung' });
    for (const [key, displayName, unit, roles] of [
      ['anna', 'Anna Abwesend', a.id, ['caseworker']], ['carl', 'Carl Kollege', a.id, ['caseworker']],
      ['bernd', 'Bernd Vertreter', b.id, ['caseworker']], ['dora', 'Dora Dritte', b.id, ['caseworker']], ['lead', 'Lena Leitung', a.id, ['teamlead']],
    ] as const) {
      const user = await createUser(t.db, { tenant, displayName, orgUnitIds: [unit], roles: [...roles] });
      u[key] = user.id;
      h[key] = await sessionHeaders(t.db, user);
    }
    for (const [key, service, assignee] of [['anna1', sa, 'anna'], ['anna2', sa, 'anna'], ['open', sa, null], ['carls', sa, 'carl'], ['bernds', sb, 'bernd']] as const) {
      c[key] = (await createCase(t.db, { tenant, serviceId: service.id, ...(key === 'anna1' ? { title: 'Sondernutzung: Zeltfest am Marktplatz' } : {}) })).id;
      if (assignee) await t.adminQuery('update cases set assignee_id = $2 where id = $1', [c[key], u[assignee]]);
    }
  });
  after(() => api.close());

  it('while Anna is absent, Bernd sees her cases and nothing more of her unit; Dora’s inbox does not change', async () => {
    const before = { dora: (await call(api.app, 'GET', '/api/cases', h.dora!)).body, counts: (await call(api.app, 'GET', '/api/cases/counts', h.dora!)).body };
    assert.deepEqual(ids((await call(api.app, 'GET', '/api/cases', h.bernd!)).body), [c.bernds!]);

    const recorded = await call(api.app, 'POST', '/api/absences', h.anna!, { deputyId: u.bernd, startsOn: dayFromToday(0), endsOn: dayFromToday(5) });
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    assert.equal(recorded.body.current, true);

    const inbox = await call(api.app, 'GET', '/api/cases', h.bernd!);
    assert.deepEqual(ids(inbox.body), [c.anna1!, c.anna2!, c.bernds!].sort());
    const annas = inbox.body.items.find((x: { id: string }) => x.id === c.anna1);
    assert.deepEqual(annas.inDeputyFor, { id: u.anna, displayName: 'Anna Abwesend' });
    assert.equal(inbox.body.items.find((x: { id: string }) => x.id === c.bernds).inDeputyFor, null);
    assert.deepEqual(ids((await call(api.app, 'GET', '/api/cases?deputy=true', h.bernd!)).body), [c.anna1!, c.anna2!].sort());
    assert.equal((await call(api.app, 'GET', `/api/cases/${c.open}`, h.bernd!)).status, 404, 'an unassigned case of her unit stays hidden');
    assert.equal((await call(api.app, 'GET', `/api/cases/${c.carls}`, h.bernd!)).status, 404, 'a colleague’s case stays hidden');

    assert.deepEqual((await call(api.app, 'GET', '/api/cases', h.dora!)).body, before.dora);
    assert.deepEqual((await call(api.app, 'GET', '/api/cases/counts', h.dora!)).body, before.counts);
    assert.deepEqual(ids((await call(api.app, 'GET', '/api/cases?deputy=true', h.dora!)).body), []);
  });

  it('the deputy’s search finds what the inbox lists: the absent person’s case in the other unit', async () => {
    // The paged search function (migration 0066) takes the covered people like the inbox does.
    assert.deepEqual(ids((await call(api.app, 'GET', '/api/cases?q=Zeltfest', h.bernd!)).body), [c.anna1!]);
    assert.deepEqual(ids((await call(api.app, 'GET', '/api/cases?q=Zeltfest&sort=case_number', h.bernd!)).body), [c.anna1!]);
    assert.deepEqual(ids((await call(api.app, 'GET', '/api/cases?q=Zeltfest', h.dora!)).body), [], 'not for a colleague of the deputy');
  });

  it('records what the deputy does as „in Vertretung für“', async () => {
    const kase = (await call(api.app, 'GET', `/api/cases/${c.anna1}`, h.bernd!)).body;
    const accepted = await call(api.app, 'POST', `/api/cases/${c.anna1}/transitions`, h.bernd!, { action: 'accept', version: kase.version });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const events = (await call(api.app, 'GET', `/api/cases/${c.anna1}/events`, h.anna!)).body.items as Array<{ type: string; actor: { name: string } }>;
    assert.equal(events.find((e) => e.type === 'case.status_changed')!.actor.name, 'Bernd Vertreter in Vertretung für Anna Abwesend');
  });

  it('refuses overlapping absences and a deputy who is absent, explained in German', async () => {
    const overlap = await call(api.app, 'POST', '/api/absences', h.anna!, { deputyId: u.carl, startsOn: dayFromToday(3), endsOn: dayFromToday(9) });
    assert.equal(overlap.status, 409);
    assert.equal(overlap.body.code, 'absence_overlap');
    assert.match(overlap.body.detail, /Anna Abwesend ist vom .* bereits abwesend \(Vertretung: Bernd Vertreter\)/);
    const absentDeputy = await call(api.app, 'POST', '/api/absences', h.carl!, { deputyId: u.anna, startsOn: dayFromToday(5), endsOn: dayFromToday(7) });
    assert.equal(absentDeputy.status, 422);
    assert.equal(absentDeputy.body.code, 'deputy_absent');
    assert.match(absentDeputy.body.detail, /Anna Abwesend ist vom .* selbst abwesend/);
    const forOthers = await call(api.app, 'POST', '/api/absences', h.carl!, { userId: u.dora, deputyId: u.bernd, startsOn: dayFromToday(1), endsOn: dayFromToday(2) });
    assert.equal(forOthers.status, 403);
    const byLead = await call(api.app, 'POST', '/api/absences', h.lead!, { userId: u.dora, deputyId: u.carl, startsOn: dayFromToday(20), endsOn: dayFromToday(22) });
    assert.equal(byLead.status, 201, JSON.stringify(byLead.body));
    assert.equal(byLead.body.user.displayName, 'Dora Dritte');
  });

  it('outside the absence period the deputy gets 404 and changes nothing', async () => {
    await t.adminQuery('update absences set starts_on = $2::date, ends_on = $3::date where user_id = $1', [u.anna, dayFromToday(1), dayFromToday(4)]);
    assert.equal((await call(api.app, 'GET', `/api/cases/${c.anna2}`, h.bernd!)).status, 404);
    const refused = await call(api.app, 'POST', `/api/cases/${c.anna2}/transitions`, h.bernd!, { action: 'accept', version: 1 });
    assert.equal(refused.status, 404);
    assert.deepEqual(ids((await call(api.app, 'GET', '/api/cases', h.bernd!)).body), [c.bernds!]);
    assert.deepEqual(ids((await call(api.app, 'GET', '/api/cases?q=Zeltfest', h.bernd!)).body), [], 'nor in the search');
    const still = (await call(api.app, 'GET', `/api/cases/${c.anna2}`, h.anna!)).body;
    assert.equal(still.status, 'new');
  });
});
