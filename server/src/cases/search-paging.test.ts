import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createService } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { CASE_SORTS, type CaseSort } from './cursor.js';

interface Page { items: Array<{ id: string; status: string }>; nextCursor: string | null }

/*
 * Search returns a page chosen inside the search function (migration 0013): walking the sort order
 * for words on many cases, collecting the matches through the indexes for rare ones. Whichever way,
 * paging with the cursor must list exactly the matches, in the inbox order, each once.
 */
describeEachDatabase('paging through search results', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let secondServiceId: string;
  const matching = new Set<string>();
  const get = async (query: string): Promise<Page> => {
    const res = await call(api.app, 'GET', `/api/cases${query}`, desk.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as Page;
  };
  /** Follows nextCursor to the end; fails on a repeated id. */
  const pageThrough = async (query: string, limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await get(`?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.ok(page.items.length <= limit);
      ids.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor && ids.length < 1000);
    assert.equal(new Set(ids).size, ids.length, 'no case twice');
    return ids;
  };
  /** The inbox order without search, restricted to the matching cases: what the search must list. */
  const expected = async (sort: CaseSort, filter = '') =>
    (await pageThrough(`sort=${sort}${filter}`, 200)).filter((id) => matching.has(id));

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    secondServiceId = (await createService(t.db, { tenant: desk.tenant, orgUnitId: desk.otherUnit.id, name: 'Sondernutzung' })).id;
    for (let i = 0; i < 24; i++) {
      const hit = i % 3 !== 2; // 16 matches, 8 others, interleaved
      const created = await createCase(t.db, {
        tenant: desk.tenant,
        serviceId: i % 2 ? secondServiceId : desk.service.id,
        receivedAt: new Date(Date.UTC(2026, 0, 5 + Math.floor(i / 4), 9)), // ties: the id decides
        formData: [{ name: 'anliegen', label: 'Anliegen', stringValue: hit ? (i % 4 ? 'Sturmschaden am Dach' : 'Sturmschäden im Garten') : 'Allgemeine Anfrage' }],
      });
      if (hit) matching.add(created.id);
      if (i % 5 === 0) await call(api.app, 'POST', `/api/cases/${created.id}/transitions`, desk.headers, { action: 'accept', version: 1 });
    }
    const byNote = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, receivedAt: new Date('2026-01-07T12:00:00Z') });
    await call(api.app, 'POST', `/api/cases/${byNote.id}/notes`, desk.headers, { body: 'Sturmschaden laut Anruf größer als gemeldet' });
    matching.add(byNote.id);
    const foreign = await deskTenant(t.db);
    await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id, formData: [{ name: 'a', label: 'Anliegen', stringValue: 'Sturmschaden' }] });
  });
  after(() => api.close());

  for (const sort of CASE_SORTS) {
    it(`a word on more cases than a page: every match once, in the inbox order (${sort})`, async () => {
      const want = await expected(sort);
      assert.equal(want.length, 17);
      assert.deepEqual(await pageThrough(`sort=${sort}&q=Sturmschaden`, 4), want);
    });
  }

  it('with filters: only the matches among the filtered cases, paged', async () => {
    const filter = `&serviceId=${desk.service.id}&status=new`;
    const want = await expected('-received_at', filter);
    assert.ok(want.length > 3 && want.length < matching.size);
    assert.deepEqual(await pageThrough(`sort=-received_at${filter}&q=Sturmschaden`, 3), want);
  });

  it('matches behind many newer cases that do not match are paged just the same', async () => {
    // 450 newer cases without the word (copies of an existing one), so a page of one is not found
    // among the first cases in descending order and the search collects the few matches instead.
    const template = (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id })).id;
    const columns = (await t.adminQuery<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'public' and table_name = 'cases'
         and is_generated = 'NEVER' and column_name not in ('id', 'case_number', 'received_at', 'updated_at', 'transaction_id')`,
    )).map((r) => `"${r.column_name}"`).join(', ');
    await t.adminQuery(
      `insert into cases (id, case_number, received_at, updated_at, ${columns})
       select gen_random_uuid(), 'ZZ-2026-' || lpad(g::text, 6, '0'), now() + g * interval '1 second', now() + g * interval '1 second', ${columns}
       from cases, generate_series(1, 450) g where cases.id = $1`,
      [template],
    );
    const isNew = (id: string) => id !== template;
    for (const sort of ['-received_at', '-case_number', 'updated_at'] as const) {
      const want = (await expected(sort)).filter(isNew);
      assert.equal(want.length, 17);
      assert.deepEqual(await pageThrough(`sort=${sort}&q=Sturmschaden`, 1), want, sort);
    }
  });
});
