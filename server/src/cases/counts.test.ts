import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, tokenHeaders, type TestApp } from '../../test/app.js';
import { createCase } from '../../test/factories.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { assertCountersExact } from '../../test/counter-check.js';
import { withTenant } from '../db/database.js';
import { COUNT_LIMIT } from './counts.js';
import { startCounterFold } from './counter-fold.js';

describeEachDatabase('status counts from counters and bounded counts', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let foreign: Awaited<ReturnType<typeof deskTenant>>;

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    foreign = await deskTenant(t.db);
    for (let i = 0; i < 3; i++) await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id });
  });
  after(() => api.close());

  /** COUNT_LIMIT + 1 copies of one of the tenant's cases, received on 2 May 2020 (written as superuser: the trigger counts them too). */
  const bulkLoad = async () => {
    await t.adminQuery(
      `insert into cases (id, tenant_id, case_number, service_id, org_unit_id, status, title, applicant, applicant_name, form_data, channel, received_at, updated_at)
       select gen_random_uuid(), c.tenant_id, c.case_number || '-' || g, c.service_id, c.org_unit_id, c.status, c.title, c.applicant,
              c.applicant_name, c.form_data, c.channel, '2020-05-02T10:00:00Z', now()
       from (select * from cases where tenant_id = $1 limit 1) c, generate_series(1, ${COUNT_LIMIT + 1}) g`,
      [desk.tenant.id],
    );
  };

  it('counts a date range or search text exactly up to the limit, beyond it answers "more than" without numbers per status', async () => {
    const few = await call(api.app, 'GET', '/api/cases/counts?receivedFrom=2020-05-01&receivedTo=2020-05-03', desk.headers);
    assert.deepEqual(few.body, { byStatus: {}, total: 0, exact: true });
    await bulkLoad();
    await assertCountersExact(t, desk.tenant.id, 'a bulk insert of 1,001 cases');

    const many = await call(api.app, 'GET', '/api/cases/counts?receivedFrom=2020-05-01&receivedTo=2020-05-03', desk.headers);
    assert.equal(many.status, 200);
    assert.deepEqual(many.body, { byStatus: {}, total: COUNT_LIMIT, exact: false });
    const searched = await call(api.app, 'GET', '/api/cases/counts?q=Dackel', desk.headers);
    assert.deepEqual(searched.body, { byStatus: {}, total: COUNT_LIMIT, exact: false }, 'every case has the word: more than the limit');
    const narrow = await call(api.app, 'GET', '/api/cases/counts?q=Dackel&receivedTo=2020-01-01', desk.headers);
    assert.deepEqual(narrow.body, { byStatus: {}, total: 0, exact: true });

    const all = await call(api.app, 'GET', '/api/cases/counts', desk.headers);
    assert.deepEqual(all.body, { byStatus: { new: COUNT_LIMIT + 4 }, total: COUNT_LIMIT + 4, exact: true }, 'the counters are not limited');
    const theirs = await call(api.app, 'GET', '/api/cases/counts', foreign.headers);
    assert.deepEqual(theirs.body, { byStatus: { new: 1 }, total: 1, exact: true }, "the other tenant's counts are its own");
  });

  it("keeps counters under row-level security: a tenant reads only its own, and the app can neither change nor rebuild them", async () => {
    const seen = await withTenant(t.db, { tenantId: foreign.tenant.id }, async (trx) => {
      const { rows } = await sql<{ tenant_id: string }>`select distinct tenant_id from case_counts union select distinct tenant_id from case_count_deltas`.execute(trx);
      return rows.map((r) => r.tenant_id);
    });
    assert.deepEqual(seen, [foreign.tenant.id]);
    await assert.rejects(
      withTenant(t.db, { tenantId: desk.tenant.id }, (trx) => sql`update case_counts set n = n + 1`.execute(trx)),
      /permission denied/,
    );
    await assert.rejects(
      withTenant(t.db, { tenantId: desk.tenant.id }, (trx) => sql`select case_counts_rebuild()`.execute(trx)),
      /permission denied/,
    );
    // A delta for another tenant is refused by the policy's WITH CHECK.
    await assert.rejects(withTenant(t.db, { tenantId: desk.tenant.id }, (trx) =>
      sql`insert into case_count_deltas (tenant_id, org_unit_id, service_id, status, n)
          values (${foreign.tenant.id}, ${foreign.unit.id}, ${foreign.service.id}, 'new', 5)`.execute(trx)));
  });

  it('rebuilds the counters from the cases (after a bulk load with triggers off)', async () => {
    await t.adminQuery('update case_counts set n = n + 7');
    await t.adminQuery('select case_counts_rebuild()');
    await assertCountersExact(t, desk.tenant.id, 'a rebuild');
    await assertCountersExact(t, foreign.tenant.id, 'a rebuild');
  });

  it('folds the deltas into the counters in the background (as amtsdesk start runs it)', async () => {
    await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const pending = async () => Number((await t.adminQuery<{ n: string }>('select count(*) as n from case_count_deltas'))[0]!.n);
    assert.ok((await pending()) > 0);
    const fold = startCounterFold({ db: t.db, intervalMs: 20 });
    try {
      for (let i = 0; i < 100 && (await pending()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await fold.stop();
    }
    assert.equal(await pending(), 0);
    await assertCountersExact(t, desk.tenant.id, 'the background fold');
  });

  it('answers the dashboard status figures from the counters at once; the slower figures are cached and say how old they are', async () => {
    const reader = await tokenHeaders(t.db, foreign.tenant.id, ['cases:read', 'cases:write']);
    const first = await call(api.app, 'GET', '/api/stats/dashboard', reader);
    assert.equal(first.status, 200);
    assert.equal(first.body.total, 1);
    assert.equal(first.body.figuresMaxAgeSeconds, 60);
    const created = await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id });
    const accepted = await call(api.app, 'POST', `/api/cases/${created.id}/transitions`, reader, { action: 'accept', version: 1 });
    assert.equal(accepted.status, 200);
    const second = await call(api.app, 'GET', '/api/stats/dashboard', reader);
    assert.deepEqual(second.body.byStatus, { new: 1, accepted: 1 }, 'counts by status are live');
    assert.equal(second.body.total, 2);
    assert.equal(second.body.figuresAsOf, first.body.figuresAsOf, 'the other figures come from the cache');
    assert.equal(second.body.newThisWeek, first.body.newThisWeek, 'cached: the new case shows within 60 seconds, not at once');
  });
});
