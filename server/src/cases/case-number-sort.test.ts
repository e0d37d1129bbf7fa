import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';

interface Page { items: { id: string; caseNumber: string }[]; nextCursor: string | null }

/** Year, then sequence as numbers: what a caseworker expects of "sort by case number". */
const natural = (a: string, b: string) => {
  const [, ay, as] = a.split('-').map(Number) as number[];
  const [, by, bs] = b.split('-').map(Number) as number[];
  return ay! - by! || as! - bs!;
};

describeEachDatabase('sorting the inbox by case number', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let numbers: string[];

  /** Every page of a query, following nextCursor. */
  const allPages = async (query: string, limit: number) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 30; pages++) {
      const res: { status: number; body: Page } =
        await call(api.app, 'GET', `/api/cases?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, desk.headers);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      seen.push(...res.body.items.map((c) => c.caseNumber));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return seen;
  };

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    // The default pattern {unit}-{yyyy}-{seq} has no padding: OA-2026-4 and OA-2026-29 side by side.
    await t.adminQuery(`update tenants set case_number_pattern = '{unit}-{yyyy}-{seq}' where id = $1`, [desk.tenant.id]);
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      made.push((await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, receivedAt: new Date(Date.UTC(2025, 5, 1 + i)) })).caseNumber);
    }
    for (let i = 0; i < 31; i++) {
      made.push((await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, receivedAt: new Date(Date.UTC(2026, 0, 1 + i, 9)) })).caseNumber);
    }
    numbers = [...made].sort(natural);
    assert.ok(numbers.includes('OA-2026-4') && numbers.includes('OA-2026-29') && numbers.includes('OA-2025-3'));
  });
  after(() => api.close());

  it('orders year, then sequence as numbers, ascending and descending, over every page', async () => {
    const ascending = await allPages('sort=case_number', 4);
    assert.deepEqual(ascending, numbers);
    assert.ok(ascending.indexOf('OA-2026-4') < ascending.indexOf('OA-2026-29'), 'not text order');
    assert.ok(ascending.indexOf('OA-2025-3') < ascending.indexOf('OA-2026-1'), 'last year first');
    assert.deepEqual(await allPages('sort=-case_number', 7), [...numbers].reverse());
  });

  it('keeps the same order with a text search, for frequent and for rare words', async () => {
    // Every case has "Dackel" in its form data: the search walks the sort order.
    assert.deepEqual(await allPages('sort=case_number&q=Dackel', 5), numbers);
    assert.deepEqual(await allPages('sort=-case_number&q=Dackel', 6), [...numbers].reverse());
    // A case-number prefix matches a few cases: the search collects them and sorts them.
    assert.deepEqual(await allPages('sort=case_number&q=OA-2026-2', 2), numbers.filter((n) => n.startsWith('OA-2026-2')));
  });

  it('a changed case number gets its new place (the sort key is kept by the database)', async () => {
    const [row] = await t.adminQuery<{ id: string }>(`select id from cases where tenant_id = $1 and case_number = 'OA-2026-5'`, [desk.tenant.id]);
    await t.adminQuery(`update cases set case_number = 'OA-2026-100' where id = $1`, [row!.id]);
    const ascending = await allPages('sort=case_number', 50);
    assert.equal(ascending.at(-1), 'OA-2026-100');
    assert.equal(ascending.length, numbers.length);
    await t.adminQuery(`update cases set case_number = 'OA-2026-5' where id = $1`, [row!.id]);
  });
});
