import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createOrgUnit, createService, createTenant, createUser } from '../../test/factories.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { berlinDay } from '../deadlines/calendar.js';

const dayFromToday = (n: number) => new Date(Date.parse(`${berlinDay()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describeEachDatabase('a deputy’s follow-ups include the absent person’s, marked „in Vertretung“', (t) => {
  let api: TestApp;
  const h: Record<string, Record<string, string>> = {};
  const u: Record<string, string> = {};
  let caseId = '';

  before(async () => {
    api = await createTestApp(t.db);
    const tenant = await createTenant(t.db);
    const a = await createOrgUnit(t.db, { tenant, name: 'Ordnungsamt', shortCode: 'OA' });
    const b = await createOrgUnit(t.db, { tenant, name: 'Bauamt', shortCode: 'BA' });
    const service = await createService(t.db, { tenant, orgUnitId: a.id });
    for (const [key, name, unit] of [['anna', 'Anna Abwesend', a.id], ['bernd', 'Bernd Vertreter', b.id]] as const) {
      const user = await createUser(t.db, { tenant, displayName: name, orgUnitIds: [unit], roles: ['caseworker'] });
      u[key] = user.id;
      h[key] = await sessionHeaders(t.db, user);
    }
    caseId = (await createCase(t.db, { tenant, serviceId: service.id })).id;
    await t.adminQuery('update cases set assignee_id = $2 where id = $1', [caseId, u.anna]);
    const added = await call(api.app, 'POST', `/api/cases/${caseId}/follow-ups`, h.anna!, { dueDate: dayFromToday(2), subject: 'Gutachten anfordern' });
    assert.equal(added.status, 201, JSON.stringify(added.body));
  });
  after(() => api.close());

  const mine = async (key: string) => (await call(api.app, 'GET', '/api/follow-ups', h[key]!)).body.items as Array<{ subject: string; inDeputyFor: { displayName: string } | null }>;

  it('only while the absence runs', async () => {
    assert.deepEqual(await mine('bernd'), []);
    const absence = await call(api.app, 'POST', '/api/absences', h.anna!, { deputyId: u.bernd, startsOn: dayFromToday(0), endsOn: dayFromToday(3) });
    assert.equal(absence.status, 201, JSON.stringify(absence.body));
    const covered = await mine('bernd');
    assert.deepEqual(covered.map((f) => [f.subject, f.inDeputyFor?.displayName]), [['Gutachten anfordern', 'Anna Abwesend']]);
    assert.deepEqual((await mine('anna')).map((f) => f.inDeputyFor), [null], 'her own list is unchanged and not marked');

    assert.equal((await call(api.app, 'DELETE', `/api/absences/${absence.body.id}`, h.anna!)).status, 204);
    assert.deepEqual(await mine('bernd'), [], 'after the absence is withdrawn, nothing of hers is left');
  });
});
