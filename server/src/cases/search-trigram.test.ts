import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';

interface Summary { id: string; caseNumber: string; applicantName: string; status: string }
interface Page { items: Summary[]; nextCursor: string | null }

/*
 * Similar names and case number fragments (migration 0015): a caseworker who types "Maier" for a
 * "Meier", "Schmitt" for a "Schmidt" or only the middle of a case number still finds the case, in
 * the inbox order, paged, and never another municipality's case.
 */
describeEachDatabase('search for similar names and case number fragments', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  const foreignIds = new Set<string>();
  const person = (lastName: string, firstName = 'Anna') =>
    ({ kind: 'person' as const, firstName, lastName, address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' } });

  const get = async (query: string): Promise<Page> => {
    const res = await call(api.app, 'GET', `/api/cases${query}`, desk.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const page = res.body as Page;
    assert.ok(!page.items.some((c) => foreignIds.has(c.id)), 'never a case of another municipality');
    return page;
  };
  /** Follows nextCursor to the end; fails on a repeated id. */
  const pageThrough = async (query: string, limit: number) => {
    const items: Summary[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await get(`?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.ok(page.items.length <= limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < 1000);
    assert.equal(new Set(items.map((c) => c.id)).size, items.length, 'no case twice');
    return items;
  };
  const surnames = async (q: string) =>
    [...new Set((await pageThrough(`q=${encodeURIComponent(q)}`, 200)).map((c) => c.applicantName.split(',')[0]))].sort();

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    const names = ['Meier', 'Mayer', 'Meyer', 'Schmidt', 'Hoffmann', 'Huber', 'Weber', 'Meier', 'Schneider', 'Mayer'];
    for (const [i, lastName] of names.entries()) {
      await createCase(t.db, {
        tenant: desk.tenant, serviceId: desk.service.id, applicant: person(lastName),
        receivedAt: new Date(Date.UTC(2026, 0, 5 + (i % 4), 9)), // ties: the id decides
      });
    }
    // "Becker, Malte": "…er" + "Ma…" side by side share half of "maier"'s trigrams across the word gap.
    await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, applicant: person('Becker', 'Malte'), receivedAt: new Date(Date.UTC(2026, 0, 9, 9)) });
    const foreign = await deskTenant(t.db);
    for (const lastName of ['Maier', 'Meier', 'Schmitt', 'Schmidt']) {
      foreignIds.add((await createCase(t.db, { tenant: foreign.tenant, serviceId: foreign.service.id, applicant: person(lastName, 'Hans') })).id);
    }
  });
  after(() => api.close());

  it('"Maier" finds Meier, Mayer and Meyer; "Schmitt" finds Schmidt', async () => {
    assert.deepEqual(await surnames('Maier'), ['Mayer', 'Meier', 'Meyer'], 'not Becker, Malte: a name matches word by word');
    assert.deepEqual(await surnames('maier'), ['Mayer', 'Meier', 'Meyer'], 'case does not matter');
    assert.deepEqual(await surnames('Schmitt'), ['Schmidt']);
    assert.deepEqual(await surnames('Anna Meyer'), ['Mayer', 'Meier', 'Meyer'], 'first and last name, any spelling');
    assert.deepEqual(await surnames('Hofman'), ['Hoffmann'], 'a letter missing');
  });

  it('a fragment from the middle of a case number finds that case', async () => {
    const all = await pageThrough('sort=case_number', 200);
    const target = all[all.length - 1]!;
    // Without the unit code and the year's first digit: "OA-2026-10" → "026-10".
    const fragment = target.caseNumber.slice(target.caseNumber.indexOf('-') + 2);
    assert.ok(/^\d/.test(fragment) && fragment.length >= 3, fragment);
    const found = await pageThrough(`sort=case_number&q=${encodeURIComponent(fragment)}`, 200);
    assert.ok(found.some((c) => c.id === target.id), `${fragment} finds ${target.caseNumber}`);
    assert.deepEqual(found.map((c) => c.id), all.filter((c) => c.caseNumber.toLowerCase().includes(fragment)).map((c) => c.id),
      'exactly the cases whose number contains the fragment');
  });

  it('an unrelated word finds nothing', async () => {
    assert.deepEqual(await surnames('Tiefgarage'), []);
    assert.deepEqual(await surnames('Zimmermann'), []);
    assert.deepEqual(await surnames('99-77'), []);
  });

  it('counts per status count the similar names too', async () => {
    const res = await call(api.app, 'GET', '/api/cases/counts?q=Maier', desk.headers);
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 5, 'two Meier, two Mayer, one Meyer; not the other municipality\'s');
  });

  it('pages through similar names in the inbox order, with filters, also behind many newer non-matching cases', async () => {
    const inOrder = async (sort: string) => (await pageThrough(`sort=${sort}`, 200)).filter((c) => /^M[ae][iy]er,/.test(c.applicantName));
    for (const sort of ['-received_at', 'case_number', 'updated_at']) {
      const want = (await inOrder(sort)).map((c) => c.id);
      assert.equal(want.length, 5);
      assert.deepEqual((await pageThrough(`sort=${sort}&q=Maier`, 2)).map((c) => c.id), want, sort);
    }
    const accepted = (await inOrder('-received_at')).slice(0, 2);
    for (const c of accepted) await call(api.app, 'POST', `/api/cases/${c.id}/transitions`, desk.headers, { action: 'accept', version: 1 });
    assert.deepEqual((await pageThrough('q=Maier&status=accepted', 1)).map((c) => c.id), accepted.map((c) => c.id));

    // 250 newer cases of another name: a page of one is not found among the first 200 cases in
    // sort order, so the search function collects the matches through the trigram index instead.
    const template = (await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, applicant: person('Zimmermann') })).id;
    const columns = (await t.adminQuery<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'public' and table_name = 'cases'
         and is_generated = 'NEVER' and column_name not in ('id', 'case_number', 'received_at', 'updated_at', 'transaction_id')`,
    )).map((r) => `"${r.column_name}"`).join(', ');
    await t.adminQuery(
      `insert into cases (id, case_number, received_at, updated_at, ${columns})
       select gen_random_uuid(), 'ZZ-2026-' || lpad(g::text, 6, '0'), now() + g * interval '1 second', now() + g * interval '1 second', ${columns}
       from cases, generate_series(1, 250) g where cases.id = $1`,
      [template],
    );
    const want = (await inOrder('-received_at')).map((c) => c.id);
    assert.deepEqual((await pageThrough('sort=-received_at&q=Maier', 1)).map((c) => c.id), want);
    assert.deepEqual((await pageThrough('sort=-received_at&q=Schmitt', 1)).map((c) => c.applicantName), ['Schmidt, Anna']);
    const [numbered] = await pageThrough('sort=-received_at&q=Schmitt', 1);
    const fragment = numbered!.caseNumber.slice(numbered!.caseNumber.indexOf('-') + 2);
    assert.ok((await pageThrough(`q=${encodeURIComponent(fragment)}`, 1)).some((c) => c.id === numbered!.id));
    // Five digits in a row go to the trigram index directly: ZZ-2026-000120 … ZZ-2026-000129.
    const copies = (await pageThrough('sort=-received_at', 200)).filter((c) => c.caseNumber.includes('6-00012'));
    assert.equal(copies.length, 10);
    assert.deepEqual((await pageThrough('sort=-received_at&q=6-00012', 3)).map((c) => c.id), copies.map((c) => c.id));
  });
});
