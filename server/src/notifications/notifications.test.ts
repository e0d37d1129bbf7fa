import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createUser } from '../../test/factories.js';
import { startOutboxWorker } from '../main/outbox.js';
import { intakeWorld, multipart, ozgDocument } from '../../test/intake-kit.js';

interface Listed {
  unreadCount: number;
  items: Array<{ id: string; kind: string; case: { id: string; caseNumber: string; title: string; status: string }; readAt: string | null }>;
  nextCursor: string | null;
}

describeEachDatabase('notifications: caseworkers learn of new cases in the desk', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  let tx = 0;
  const submit = async (w: Awaited<ReturnType<typeof intakeWorld>>) => {
    const body = multipart([{ name: 'formData', data: JSON.stringify(ozgDocument({ transactionId: `notify-${++tx}-${Date.now()}` })) }]);
    const res = await h.app.inject({ method: 'POST', url: '/antrag', headers: { ...w.headers, ...body.headers }, payload: body.payload });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { vorgangId: string; vorgangNummer: string };
  };
  const deliver = async () => {
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 60_000 });
    try {
      while ((await worker.runOnce()) > 0);
    } finally {
      await worker.stop();
    }
  };
  const list = async (headers: Record<string, string>, query = '') => {
    const res = await h.app.inject({ method: 'GET', url: `/api/notifications${query}`, headers });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Listed;
  };

  it('a new application notifies intake and caseworkers of its unit (and those for all units) once, nobody else', async () => {
    const w = await intakeWorld(t, { ags: '01003001' });
    const bau = await createOrgUnit(t.db, { tenant: w.tenant, name: 'Bauamt', shortCode: 'BAU' });
    const steuer = await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], orgUnitIds: [w.unit.id] });
    const post = await createUser(t.db, { tenant: w.tenant, roles: ['intake'], orgUnitIds: [] });
    const bauer = await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], orgUnitIds: [bau.id] });
    const reader = await createUser(t.db, { tenant: w.tenant, roles: ['reader'], orgUnitIds: [w.unit.id] });
    const admin = await createUser(t.db, { tenant: w.tenant, roles: ['admin'] });

    const kase = await submit(w);
    // Nothing before the outbox delivers: the intake transaction writes no notification.
    assert.equal((await list(await sessionHeaders(t.db, steuer))).unreadCount, 0);
    await deliver();
    await deliver(); // a second round (as after a crash) adds nothing

    for (const user of [steuer, post]) {
      const mine = await list(await sessionHeaders(t.db, user));
      assert.equal(mine.unreadCount, 1);
      assert.equal(mine.items.length, 1);
      assert.deepEqual({ ...mine.items[0]!.case, title: undefined }, { id: kase.vorgangId, caseNumber: kase.vorgangNummer, title: undefined, status: 'new' });
      assert.equal(mine.items[0]!.kind, 'case.new');
      assert.equal(mine.items[0]!.readAt, null);
    }
    for (const user of [bauer, reader, admin]) assert.equal((await list(await sessionHeaders(t.db, user))).unreadCount, 0);
  });

  it('a case no longer new when the outbox gets to it notifies nobody', async () => {
    const w = await intakeWorld(t, { ags: '01003002' });
    const worker = await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], orgUnitIds: [w.unit.id] });
    const headers = await sessionHeaders(t.db, worker);
    const kase = await submit(w);
    const accepted = await h.app.inject({ method: 'POST', url: `/api/cases/${kase.vorgangId}/transitions`, headers, payload: { action: 'accept', version: 1 } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    await deliver();
    assert.equal((await list(headers)).unreadCount, 0);
  });

  it('reads one, then all; pages with a cursor, newest first', async () => {
    const w = await intakeWorld(t, { ags: '01003003' });
    const user = await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], orgUnitIds: [w.unit.id] });
    const headers = await sessionHeaders(t.db, user);
    const cases = [];
    for (let i = 0; i < 3; i++) cases.push(await submit(w));
    await deliver();

    const first = await list(headers, '?limit=2');
    assert.equal(first.unreadCount, 3);
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = await list(headers, `?limit=2&cursor=${first.nextCursor}`);
    assert.equal(second.items.length, 1);
    assert.equal(second.nextCursor, null);
    assert.deepEqual([...first.items, ...second.items].map((n) => n.case.caseNumber).sort(), cases.map((c) => c.vorgangNummer).sort());

    const read = await h.app.inject({ method: 'POST', url: `/api/notifications/${first.items[0]!.id}/read`, headers });
    assert.equal(read.statusCode, 200, read.body);
    assert.ok(read.json().readAt);
    assert.equal((await list(headers)).unreadCount, 2);

    const all = await h.app.inject({ method: 'POST', url: '/api/notifications/read-all', headers });
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(all.json(), { marked: 2, unreadCount: 0 });
    const after = await list(headers);
    assert.equal(after.unreadCount, 0);
    assert.ok(after.items.every((n) => n.readAt !== null));

    const badCursor = await h.app.inject({ method: 'GET', url: '/api/notifications?cursor=kaputt', headers });
    assert.equal(badCursor.statusCode, 400);
    assert.equal(badCursor.json().field, 'cursor');
  });

  it("another person's or another tenant's notification is not found (404); API tokens have none", async () => {
    const w = await intakeWorld(t, { ags: '01003004' });
    const owner = await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], orgUnitIds: [w.unit.id] });
    await submit(w);
    await deliver();
    const mine = (await list(await sessionHeaders(t.db, owner))).items[0]!;
    assert.equal(mine.kind, 'case.new');

    const colleague = await createUser(t.db, { tenant: w.tenant, roles: ['reader'] });
    const stranger = await createUser(t.db, { tenant: (await intakeWorld(t, { ags: '01003005' })).tenant, roles: ['caseworker'] });
    for (const other of [colleague, stranger] as Array<{ id: string; tenant: { id: string } }>) {
      const headers = await sessionHeaders(t.db, other);
      const res = await h.app.inject({ method: 'POST', url: `/api/notifications/${mine.id}/read`, headers });
      assert.equal(res.statusCode, 404, res.body);
      assert.match(res.json().detail, /Benachrichtigung/);
    }
    assert.equal((await list(await sessionHeaders(t.db, owner))).unreadCount, 1, 'still unread');

    const token = await h.app.inject({ method: 'GET', url: '/api/notifications', headers: await tokenHeaders(t.db, w.tenant.id, ['cases:read']) });
    assert.equal(token.statusCode, 403);
  });

  it('a new notification is announced on the live stream to its recipient', async () => {
    const w = await intakeWorld(t, { ags: '01003006' });
    const user = await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], orgUnitIds: [w.unit.id] });
    const base = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const controller = new AbortController();
    const res: Response = await fetch(`${base}/api/live`, { headers: await sessionHeaders(t.db, user), signal: controller.signal });
    const reader = res.body!.getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error('stream ended');
        text += Buffer.from(chunk.value).toString('utf8');
      }
    };
    try {
      await until(/: verbunden/);
      const kase = await submit(w);
      await deliver();
      await until(/event: notification\n/);
      const block = text.slice(text.indexOf('event: notification\n')).split('\n\n')[0]!;
      assert.equal(JSON.parse(block.split('data: ')[1]!).caseId, kase.vorgangId);
    } finally {
      controller.abort();
    }
  });
});
