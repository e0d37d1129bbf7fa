import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createService, createUser } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { CASE_SORTS } from './cursor.js';

interface Summary { id: string; caseNumber: string; status: string; receivedAt: string; updatedAt: string; applicantName: string; deadline?: { dueOn: string } | null }

describeEachDatabase('finding cases in the inbox', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let secondServiceId: string;
  let all: Summary[];
  const get = (query: string) => call(api.app, 'GET', `/api/cases${query}`, desk.headers);

  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    await t.adminQuery(`update tenants set case_number_pattern = '{unit}-{yyyy}-{seq:6}' where id = $1`, [desk.tenant.id]);
    secondServiceId = (await createService(t.db, { tenant: desk.tenant, orgUnitId: desk.otherUnit.id, name: 'Sondernutzungserlaubnis' })).id;
    for (let i = 0; i < 23; i++) {
      // Several cases share a receipt time, so the id must break ties for stable pages.
      const receivedAt = new Date(Date.UTC(2026, 0, 5 + Math.floor(i / 3), 9, 0, 0));
      await createCase(t.db, {
        tenant: desk.tenant,
        serviceId: i % 2 ? secondServiceId : desk.service.id,
        receivedAt,
        applicant: { kind: 'person', firstName: 'Eva', lastName: `Beispiel${String.fromCharCode(65 + i)}` },
        formData: [{ name: 'anliegen', label: 'Anliegen', stringValue: 'Allgemeine Anfrage' }],
      });
    }
    await createCase(t.db, {
      tenant: desk.tenant, serviceId: secondServiceId, receivedAt: new Date('2026-02-01T12:00:00Z'),
      applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller' },
      formData: [{ name: 'baum', label: 'Baum', formItems: [{ name: 'art', label: 'Betroffene Gehölze', stringValue: 'Zwei alte Bäume im Vorgarten' }] }],
    });
    const listed = await get('?limit=200');
    all = listed.body.items;
    // A few changes so statuses, assignees and update times differ.
    for (const c of all.slice(0, 4)) await call(api.app, 'POST', `/api/cases/${c.id}/transitions`, desk.headers, { action: 'accept', version: 1 });
    for (const c of all.slice(4, 6)) await call(api.app, 'PUT', `/api/cases/${c.id}/assignee`, desk.headers, { assigneeId: desk.user.id, version: 1 });
    all = (await get('?limit=200')).body.items;
  });
  after(() => api.close());

  for (const sort of CASE_SORTS) {
    it(`pages through everything sorted by ${sort} without duplicates or gaps`, async () => {
      const seen: Summary[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { status: number; body: { items: Summary[]; nextCursor: string | null } } =
          await get(`?sort=${sort}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        assert.equal(res.status, 200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      assert.equal(pages, 5);
      assert.equal(seen.length, 24);
      assert.equal(new Set(seen.map((c) => c.id)).size, 24);
      const key = sort.replace('-', '') as 'received_at' | 'case_number' | 'updated_at' | 'due';
      // Without a deadline a case sorts last (due_sort 9999-12-31, migration 0050).
      const value = (c: Summary) => (key === 'case_number' ? c.caseNumber : key === 'received_at' ? c.receivedAt
        : key === 'due' ? (c.deadline?.dueOn ?? '9999-12-31') : c.updatedAt);
      const sign = sort.startsWith('-') ? -1 : 1;
      const expected = [...seen].sort((a, b) => sign * (value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : a.id < b.id ? -1 : 1));
      assert.deepEqual(seen.map((c) => c.id), expected.map((c) => c.id));
    });
  }

  // Several statuses are read as one index range per status and merged (repository.ts): the pages
  // must be exactly those of the same cases without the filter, in the same order, across cursors.
  for (const sort of CASE_SORTS) {
    it(`pages through several statuses sorted by ${sort} exactly as through all cases`, async () => {
      const pagesOf = async (filter: string) => {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const res: { status: number; body: { items: Summary[]; nextCursor: string | null } } =
            await get(`?sort=${sort}&limit=7${filter}${cursor ? `&cursor=${cursor}` : ''}`);
          assert.equal(res.status, 200, JSON.stringify(res.body));
          ids.push(...res.body.items.map((c) => c.id));
          cursor = res.body.nextCursor;
        } while (cursor && ids.length < 100);
        return ids;
      };
      const merged = await pagesOf('&status=new&status=accepted');
      assert.equal(merged.length, 24);
      assert.deepEqual(merged, await pagesOf(''));
    });
  }

  it('filters by status, service, org unit, assignee and receipt dates', async () => {
    const ids = async (query: string) => ((await get(query)).body.items as Summary[]).map((c) => c.id).sort();
    assert.equal((await ids('?status=accepted')).length, 4);
    assert.equal((await ids('?status=accepted&status=new')).length, 24);
    assert.equal((await ids(`?serviceId=${secondServiceId}`)).length, 12);
    assert.deepEqual(await ids(`?orgUnitId=${desk.otherUnit.id}`), await ids(`?serviceId=${secondServiceId}`));
    assert.deepEqual(await ids('?assignee=me'), all.slice(4, 6).map((c) => c.id).sort());
    assert.deepEqual(await ids(`?assignee=${desk.user.id}`), await ids('?assignee=me'));
    assert.equal((await ids('?assignee=none')).length, 22);
    assert.equal((await ids('?receivedFrom=2026-01-06&receivedTo=2026-01-07')).length, 6);
    assert.equal((await ids('?receivedFrom=2026-02-01')).length, 1);
    const other = await createUser(t.db, { tenant: desk.tenant });
    assert.deepEqual(await ids(`?assignee=${other.id}`), []);
  });

  it('counts per status for the same filters', async () => {
    const res = await get('/counts');
    assert.deepEqual(res.body, { byStatus: { accepted: 4, new: 20 }, total: 24, exact: true });
    const narrowed = await get(`/counts?serviceId=${desk.service.id}&q=Müller`);
    assert.deepEqual(narrowed.body, { byStatus: {}, total: 0, exact: true });
  });

  it('full-text search finds German word forms in form data, names and case numbers', async () => {
    const numbers = async (q: string) => ((await get(`?q=${encodeURIComponent(q)}`)).body.items as Summary[]).map((c) => c.applicantName);
    assert.deepEqual(await numbers('Baum'), ['Müller, Jürgen'], 'stored "Bäume", searched "Baum"');
    assert.deepEqual(await numbers('Bäumen'), ['Müller, Jürgen'], 'another inflection: only stemming can match it');
    assert.deepEqual(await numbers('Vorgärten'), ['Müller, Jürgen']);
    assert.deepEqual(await numbers('Müll'), ['Müller, Jürgen'], 'prefix of the applicant name');
    // BeispielC exactly; its 22 one-letter neighbours (BeispielA, …) are similar names (search-trigram.test.ts).
    assert.ok((await numbers('BeispielC')).includes('BeispielC, Eva'));
    const muller = all.find((c) => c.applicantName === 'Müller, Jürgen')!;
    assert.deepEqual(await numbers(muller.caseNumber), ['Müller, Jürgen']);
    assert.equal((await numbers('2026-00000')).length, 9, 'case numbers 000001..000009');
    assert.deepEqual(await numbers('Tiefgarage'), []);
  });

  it('a broken or foreign cursor is refused naming the field', async () => {
    for (const cursor of ['kaputt', Buffer.from('{"s":"case_number","v":"x","id":"1"}').toString('base64url')]) {
      const res = await get(`?cursor=${cursor}`);
      assert.equal(res.status, 400);
      assert.equal(res.body.field, 'cursor');
    }
    const first = await get('?sort=case_number&limit=2');
    const mixed = await get(`?sort=-received_at&cursor=${first.body.nextCursor}`);
    assert.equal(mixed.status, 400);
  });
});
