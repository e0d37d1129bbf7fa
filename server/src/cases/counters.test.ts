import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createUser } from '../../test/factories.js';
import { call, transitionBody } from '../../test/case-kit.js';
import { assertCountersExact, byStatusOf, seededRandom, type CountRow } from '../../test/counter-check.js';
import { LEIKA_HUND, dogTaxForm, intakeWorld } from '../../test/intake-kit.js';
import { foldCaseCounts } from './counts.js';
import { TRANSITION_ACTIONS, type TransitionAction } from './lifecycle.js';

// The status counts come from counters kept by triggers on cases (migration 0034). Whatever
// changes a case — intake, a transition, an assignment, a bulk action, forwarding, deletion, many
// of them at once — the counters must equal a full count of the cases afterwards.
describeEachDatabase('case counters stay exact', (t) => {
  let api: TestApp;
  let world: Awaited<ReturnType<typeof intakeWorld>>;
  let otherUnit: { id: string };
  let staff: { id: string; headers: Record<string, string> };
  let colleague: { id: string };
  let scoped: { headers: Record<string, string> };
  let serial = 0;

  before(async () => {
    api = await createTestApp(t.db);
    world = await intakeWorld(t, { ags: '01002200' });
    otherUnit = await createOrgUnit(t.db, { tenant: world.tenant, name: 'Bauamt', shortCode: 'BA' });
    const user = await createUser(t.db, { tenant: world.tenant, roles: ['caseworker'], displayName: 'Max Sachbearbeiter' });
    staff = { id: user.id, headers: await sessionHeaders(t.db, user) };
    colleague = await createUser(t.db, { tenant: world.tenant, roles: ['caseworker'], displayName: 'Erika Muster' });
    const unitOnly = await createUser(t.db, { tenant: world.tenant, roles: ['caseworker'], orgUnitIds: [world.unit.id] });
    scoped = { headers: await sessionHeaders(t.db, unitOnly) };
  });
  after(() => api.close());

  /** n applications at once through the intake API (the batcher stores them together). */
  const intake = async (n: number): Promise<string[]> => {
    const answers = await Promise.all(Array.from({ length: n }, () => api.app.inject({
      method: 'POST', url: '/api/intake/applications', headers: world.headers,
      payload: { transactionId: `tx-${++serial}`, serviceKey: LEIKA_HUND, applicant: { kind: 'person', firstName: 'Gül', lastName: `Yıldız ${serial}` }, formData: dogTaxForm() },
    })));
    for (const res of answers) assert.equal(res.statusCode, 201, res.body);
    return answers.map((res) => (res.json() as { caseId: string }).caseId);
  };
  const detail = async (id: string) => (await call(api.app, 'GET', `/api/cases/${id}`, staff.headers)).body;
  /** Forwarding goes to the unit the case is not in (otherUnit unless given). */
  const transition = (id: string, action: TransitionAction, version: number, forwardTo = otherUnit.id) =>
    call(api.app, 'POST', `/api/cases/${id}/transitions`, staff.headers, transitionBody(action, version, forwardTo));
  const assign = (id: string, assigneeId: string | null, version: number) =>
    call(api.app, 'PUT', `/api/cases/${id}/assignee`, staff.headers, { assigneeId, version });
  const counts = async (headers: Record<string, string>, query = '') => {
    const res = await call(api.app, 'GET', `/api/cases/counts${query}`, headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  /** Counters equal the full count, and the counts endpoint answers from them for several filters. */
  const check = async (label: string) => {
    const truth = await assertCountersExact(t, world.tenant.id, label);
    const expect = (keep?: (r: CountRow) => boolean) => {
      const byStatus = byStatusOf(truth, keep);
      return { byStatus, total: Object.values(byStatus).reduce((a, b) => a + b, 0), exact: true };
    };
    assert.deepEqual(await counts(staff.headers), expect(), `${label}: all units`);
    assert.deepEqual(await counts(scoped.headers), expect((r) => r.unit === world.unit.id), `${label}: a user of one unit`);
    assert.deepEqual(await counts(staff.headers, `?orgUnitId=${otherUnit.id}`), expect((r) => r.unit === otherUnit.id), `${label}: org unit filter`);
    assert.deepEqual(await counts(staff.headers, '?assignee=none'), expect((r) => r.assignee === '-'), `${label}: unassigned`);
    assert.deepEqual(await counts(staff.headers, `?assignee=${colleague.id}&serviceId=${world.service.id}`),
      expect((r) => r.assignee === colleague.id && r.service === world.service.id), `${label}: assignee and service`);
  };

  it('after intake, transitions, assignment, bulk actions and forwarding', async () => {
    const ids = await intake(6);
    await check('an intake batch');
    let v = (await transition(ids[0]!, 'accept', 1)).body.version;
    v = (await transition(ids[0]!, 'start', v)).body.version;
    await transition(ids[1]!, 'reject', 1);
    await check('transitions');
    await assign(ids[0]!, colleague.id, v);
    await assign(ids[2]!, staff.id, 1);
    await check('assignment');
    const bulk = await call(api.app, 'POST', '/api/cases/bulk', staff.headers, { action: 'accept', caseIds: ids.slice(2, 5) });
    assert.equal(bulk.status, 200);
    await call(api.app, 'POST', '/api/cases/bulk', staff.headers, { action: 'assign', caseIds: ids.slice(3, 6), assigneeId: colleague.id });
    await check('bulk accept and bulk assign');
    const forwarded = await transition(ids[5]!, 'forward', (await detail(ids[5]!)).version);
    assert.equal(forwarded.status, 200, JSON.stringify(forwarded.body));
    await check('forwarding to another org unit');
    assert.ok((await foldCaseCounts(t.db)) > 0, 'the fold moved deltas into the counters');
    assert.equal(Number((await t.adminQuery<{ n: string }>('select count(*) as n from case_count_deltas'))[0]!.n), 0);
    await check('a fold');
  });

  it('after deletion of a case (retention will delete cases)', async () => {
    const [id] = await intake(1);
    await t.adminQuery('delete from outbox where payload::text like $1', [`%${id}%`]);
    for (const table of ['notifications', 'case_events']) await t.adminQuery(`delete from ${table} where case_id = $1`, [id]);
    await t.adminQuery('delete from cases where id = $1', [id]);
    await check('a deletion');
  });

  it('after a random sequence of operations (seeded, replayable)', async () => {
    const seed = Number(process.env.AMTSDESK_COUNTER_SEED ?? 20261207);
    const random = seededRandom(seed);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const ids = await intake(4);
    for (let step = 0; step < 60; step++) {
      const kind = pick(['intake', 'transition', 'transition', 'assign', 'bulk', 'fold'] as const);
      const id = pick(ids);
      const current = await detail(id);
      if (kind === 'intake') ids.push(...(await intake(1 + Math.floor(random() * 4))));
      else if (kind === 'transition') {
        const actions = current.allowedActions.filter((a: string) => (TRANSITION_ACTIONS as readonly string[]).includes(a));
        const elsewhere = current.orgUnit.id === otherUnit.id ? world.unit.id : otherUnit.id;
        if (actions.length) assert.equal((await transition(id, pick(actions), current.version, elsewhere)).status, 200, `step ${step} (seed ${seed})`);
      } else if (kind === 'assign') {
        if (current.allowedActions.includes('assign')) await assign(id, pick([staff.id, colleague.id, null]), current.version);
      } else if (kind === 'bulk') {
        const some = Array.from({ length: 3 }, () => pick(ids));
        const body = random() < 0.5 ? { action: 'accept', caseIds: [...new Set(some)] } : { action: 'assign', caseIds: [...new Set(some)], assigneeId: pick([staff.id, colleague.id]) };
        assert.equal((await call(api.app, 'POST', '/api/cases/bulk', staff.headers, body)).status, 200);
      } else await foldCaseCounts(t.db);
      if (step % 20 === 19) await check(`step ${step} of the random sequence (seed ${seed})`);
    }
    await check(`the random sequence (seed ${seed})`);
  });

  it('after concurrent transactions: intake, transitions, assignments, bulk and folds at once, without a deadlock', async () => {
    const ids = await intake(16);
    // Intake adds to "new" of the unit and service while the transitions take from it: the
    // combination that would deadlock if writers updated shared counter rows in place.
    const work: Array<Promise<{ status: number }>> = [];
    for (const id of ids.slice(0, 8)) work.push(transition(id, 'accept', 1));
    for (const id of ids.slice(8, 12)) work.push(assign(id, colleague.id, 1));
    work.push(call(api.app, 'POST', '/api/cases/bulk', staff.headers, { action: 'accept', caseIds: ids.slice(12) }));
    for (const id of ids.slice(12, 14)) work.push(transition(id, 'forward', 1));
    for (let i = 0; i < 4; i++) work.push(intake(3).then(() => ({ status: 201 })));
    for (let i = 0; i < 3; i++) work.push(foldCaseCounts(t.db).then(() => ({ status: 0 })));
    const results = await Promise.all(work);
    for (const r of results) assert.ok([0, 200, 201, 409].includes(r.status), `no server error (got ${r.status})`);
    await check('concurrent changes');
    // Two folds at once: one folds, the other waits or returns 0; nothing is counted twice.
    await intake(2);
    await Promise.all([foldCaseCounts(t.db), foldCaseCounts(t.db)]);
    await check('two concurrent folds');
  });
});
