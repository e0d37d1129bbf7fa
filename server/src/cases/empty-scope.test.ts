import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createOrgUnit, createService, createTenant, type TestTenant } from '../../test/factories.js';
import { withTenant, type Trx } from '../db/database.js';
import { listCases, type CaseListQuery } from './repository.js';
import type { Viewer } from './viewer.js';

/*
 * A caseworker of one org unit filtering by a service of another unit: the answer is empty, and it
 * comes from the status counters without reading cases (the inbox query would walk every case of the
 * service first). Where the combination does hold cases — a case forwarded into the unit — they are
 * listed as before.
 */
describeEachDatabase('a scoped caseworker filtering by another unit\'s service', (t) => {
  let tenant: TestTenant;
  let tenantId: string;
  let ownUnit: string;
  let otherUnit: string;
  let ownService: string;
  let otherService: string;

  before(async () => {
    tenant = await createTenant(t.db);
    tenantId = tenant.id;
    ownUnit = (await createOrgUnit(t.db, { tenant, name: 'Ordnungsamt', shortCode: 'OA' })).id;
    otherUnit = (await createOrgUnit(t.db, { tenant, name: 'Bauamt', shortCode: 'BA' })).id;
    ownService = (await createService(t.db, { tenant, orgUnitId: ownUnit, name: 'Hundesteuer' })).id;
    otherService = (await createService(t.db, { tenant, orgUnitId: otherUnit, name: 'Baumfällung' })).id;
    for (let i = 0; i < 6; i++) await createCase(t.db, { tenant, serviceId: i % 2 ? otherService : ownService });
  });

  const scoped = (): Viewer => ({ tenantId, orgUnitIds: [ownUnit], userId: null, permissions: new Set(), actor: { kind: 'system', id: null, name: 'Test' } });

  /** The page, and the SQL of every statement that read the cases table for it. */
  async function pageAndCaseReads(viewer: Viewer, query: CaseListQuery) {
    const reads: string[] = [];
    const page = await withTenant(t.db, viewer, async (trx) => {
      const recorder: KyselyPlugin = {
        transformQuery: (args) => {
          const text = trx.getExecutor().compileQuery(args.node, args.queryId).sql;
          if (/\bfrom "?cases"?\b/i.test(text)) reads.push(text);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      return listCases(trx.withPlugin(recorder) as unknown as Trx, viewer, query);
    });
    return { ids: page.rows.map((r) => r.id), reads };
  }

  it('is answered empty from the counters, without reading any case', async () => {
    for (const query of [
      { sort: '-received_at', limit: 50, serviceId: otherService },
      { sort: 'case_number', limit: 50, serviceId: otherService, status: ['new', 'accepted'] },
      { sort: '-received_at', limit: 50, serviceId: otherService, q: 'Dackel' },
    ] satisfies CaseListQuery[]) {
      const { ids, reads } = await pageAndCaseReads(scoped(), query);
      assert.deepEqual(ids, [], JSON.stringify(query));
      assert.deepEqual(reads, [], `no statement on cases for ${JSON.stringify(query)}`);
    }
  });

  it('lists a case of the other service that sits in the caseworker\'s unit', async () => {
    const moved = await createCase(t.db, { tenant, serviceId: otherService });
    await t.adminQuery('update cases set org_unit_id = $1 where id = $2', [ownUnit, moved.id]);
    const { ids } = await pageAndCaseReads(scoped(), { sort: '-received_at', limit: 50, serviceId: otherService });
    assert.deepEqual(ids, [moved.id]);
    // A filter the counters know narrows it away again: still without reading cases.
    const accepted = await pageAndCaseReads(scoped(), { sort: '-received_at', limit: 50, serviceId: otherService, status: ['accepted'] });
    assert.deepEqual(accepted, { ids: [], reads: [] });
  });

  it('a caseworker who sees every unit, or the own unit\'s service, reads the cases as before', async () => {
    const all = await pageAndCaseReads({ ...scoped(), orgUnitIds: [] }, { sort: '-received_at', limit: 50, serviceId: otherService });
    assert.ok(all.ids.length >= 3);
    const own = await pageAndCaseReads(scoped(), { sort: '-received_at', limit: 50, serviceId: ownService });
    assert.equal(own.ids.length, 3);
    assert.ok(own.reads.length > 0);
  });
});
