import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createCase, createUser } from '../../test/factories.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { withTenant } from '../db/database.js';
import { createCaseBatch } from '../cases/service.js';

interface Received {
  event: string;
  data: { type: string; caseId: string; event: string; by: { id: string | null; name: string } };
}

/** A real HTTP event stream: reads server-sent events one by one (comments are skipped). */
async function openStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  /** The next event; fails after a while instead of hanging, so a notice that never comes is a red test. */
  const next = (): Promise<Received> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no event arrived within 20 s')), 20_000);
    });
    return Promise.race([read(), timeout]).finally(() => clearTimeout(timer));
  };
  const read = async (): Promise<Received> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
        const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
        if (event && data) return { event, data: JSON.parse(data) };
        continue;
      }
      const chunk = await reader.read();
      if (chunk.done) throw new Error('stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  /** The comment the server writes once it listens: from then on nothing is missed. */
  const ready = async () => {
    while (!buffer.includes(': verbunden')) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('stream ended');
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return { res, next, ready, close: () => controller.abort() };
}

describeEachDatabase('live updates (server-sent events)', (t) => {
  let api: TestApp;
  let base: string;
  before(async () => {
    api = await createTestApp(t.db);
    base = await api.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => api.close());

  it("a colleague's change and a new case arrive at the stream; other tenants and other org units do not", async () => {
    const desk = await deskTenant(t.db);
    const userA = await createUser(t.db, { tenant: desk.tenant, displayName: 'Anna A', orgUnitIds: [desk.unit.id] });
    const userB = await createUser(t.db, { tenant: desk.tenant, displayName: 'Bernd B' });
    const headersB = await sessionHeaders(t.db, userB);
    const other = await deskTenant(t.db);
    const visible = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const otherUnitCase = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, orgUnitId: desk.otherUnit.id });
    const foreign = await createCase(t.db, { tenant: other.tenant, serviceId: other.service.id });

    const stream = await openStream(`${base}/api/live`, await sessionHeaders(t.db, userA));
    try {
      assert.equal(stream.res.status, 200);
      assert.match(stream.res.headers.get('content-type') ?? '', /^text\/event-stream/);
      await stream.ready();

      // Not for A: another tenant's case and a case of an org unit A does not work for.
      assert.equal((await call(api.app, 'POST', `/api/cases/${foreign.id}/transitions`, other.headers, { action: 'accept', version: 1 })).status, 200);
      assert.equal((await call(api.app, 'POST', `/api/cases/${otherUnitCase.id}/transitions`, headersB, { action: 'accept', version: 1 })).status, 200);
      // For A: B accepts a case of A's unit. Notices arrive in commit order, so this must be the first.
      assert.equal((await call(api.app, 'POST', `/api/cases/${visible.id}/transitions`, headersB, { action: 'accept', version: 1 })).status, 200);
      const changed = await stream.next();
      assert.deepEqual(changed, {
        event: 'case.changed', data: { type: 'case.changed', caseId: visible.id, event: 'case.status_changed', by: { id: userB.id, name: 'Bernd B' } },
      });

      const created = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
      const notice = await stream.next();
      assert.equal(notice.event, 'case.created');
      assert.equal(notice.data.caseId, created.id);

      // Forwarded away from A's unit: A still learns that the case changed (it left the inbox).
      const fwd = await call(api.app, 'POST', `/api/cases/${created.id}/transitions`, headersB, { action: 'forward', version: 1, orgUnitId: desk.otherUnit.id });
      assert.equal(fwd.status, 200);
      const left = await stream.next();
      assert.equal(left.data.caseId, created.id);
      assert.equal(left.data.type, 'case.changed');
    } finally {
      stream.close();
    }
  });

  it('fans a change out to every open stream that may see it, and to no other', async () => {
    // Four people have the desk open at once: two caseworkers of the Ordnungsamt, one of the Bauamt,
    // one of another municipality. The hub listens once and hands each notice to every stream.
    const desk = await deskTenant(t.db);
    const anna = await createUser(t.db, { tenant: desk.tenant, displayName: 'Anna A', orgUnitIds: [desk.unit.id] });
    const otto = await createUser(t.db, { tenant: desk.tenant, displayName: 'Otto O', orgUnitIds: [desk.unit.id] });
    const bau = await createUser(t.db, { tenant: desk.tenant, displayName: 'Bea Bauamt', orgUnitIds: [desk.otherUnit.id] });
    const other = await deskTenant(t.db);
    const mine = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const bauCase = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id, orgUnitId: desk.otherUnit.id });
    const foreign = await createCase(t.db, { tenant: other.tenant, serviceId: other.service.id });
    const annaHeaders = await sessionHeaders(t.db, anna);
    const streams = {
      anna: await openStream(`${base}/api/live`, annaHeaders),
      otto: await openStream(`${base}/api/live`, await sessionHeaders(t.db, otto)),
      bau: await openStream(`${base}/api/live`, await sessionHeaders(t.db, bau)),
      other: await openStream(`${base}/api/live`, other.headers),
    };
    try {
      for (const s of Object.values(streams)) await s.ready();
      assert.equal((await call(api.app, 'POST', `/api/cases/${mine.id}/transitions`, annaHeaders, { action: 'accept', version: 1 })).status, 200);
      const expected = { event: 'case.changed', data: { type: 'case.changed', caseId: mine.id, event: 'case.status_changed', by: { id: anna.id, name: 'Anna A' } } };
      assert.deepEqual(await streams.otto.next(), expected, "Anna's colleague in the same unit sees her change");
      assert.deepEqual(await streams.anna.next(), expected, 'and so does Anna herself (her other tabs)');

      // Notices arrive in commit order: if the Bauamt's or the other municipality's stream had been
      // given Anna's change, it would come before these changes of their own cases.
      assert.equal((await call(api.app, 'POST', `/api/cases/${bauCase.id}/transitions`, desk.headers, { action: 'accept', version: 1 })).status, 200);
      assert.equal((await call(api.app, 'POST', `/api/cases/${foreign.id}/transitions`, other.headers, { action: 'accept', version: 1 })).status, 200);
      assert.equal((await streams.bau.next()).data.caseId, bauCase.id, 'the Bauamt got nothing of the Ordnungsamt');
      assert.equal((await streams.other.next()).data.caseId, foreign.id, 'the other municipality got nothing of this one');
    } finally {
      for (const s of Object.values(streams)) s.close();
    }
  });

  it('a note or follow-up is announced with its kind, so the desk can tell it from a change of the case', async () => {
    const desk = await deskTenant(t.db);
    const colleague = await createUser(t.db, { tenant: desk.tenant, displayName: 'Clara C' });
    const headersC = await sessionHeaders(t.db, colleague);
    const c = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const stream = await openStream(`${base}/api/live`, desk.headers);
    try {
      await stream.ready();
      assert.equal((await call(api.app, 'POST', `/api/cases/${c.id}/notes`, headersC, { body: 'Rückruf vereinbart' })).status, 201);
      const note = await stream.next();
      assert.deepEqual(note.data, { type: 'case.changed', caseId: c.id, event: 'note.added', by: { id: colleague.id, name: 'Clara C' } });
      assert.doesNotMatch(JSON.stringify(note), /Rückruf/, 'no note text in the stream');
      const due = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      assert.equal((await call(api.app, 'POST', `/api/cases/${c.id}/follow-ups`, headersC, { dueDate: due, subject: 'Nachfassen' })).status, 201);
      assert.equal((await stream.next()).data.event, 'follow_up.created');
      const detail = await call(api.app, 'GET', `/api/cases/${c.id}`, desk.headers);
      assert.equal(detail.body.version, 1, 'the case itself did not change');
    } finally {
      stream.close();
    }
  });

  it('a batch of new cases written in one statement announces every case once, in order', async () => {
    // An intake batch writes all its events in one statement; the notices go out in chunks that stay
    // under PostgreSQL's payload limit, also for an actor with a long name.
    const desk = await deskTenant(t.db);
    const actorName = `Formularserver ${'Landesportal Schleswig-Holstein '.repeat(12)}`;
    const stream = await openStream(`${base}/api/live`, desk.headers);
    try {
      await stream.ready();
      const items = Array.from({ length: 25 }, (_, i) => ({
        actor: { kind: 'system' as const, id: null, name: actorName },
        input: { serviceId: desk.service.id, applicant: { kind: 'person' as const, lastName: `Antrag ${i}` }, formData: [], channel: 'test' },
      }));
      const created = await withTenant(t.db, { tenantId: desk.tenant.id }, (trx) => createCaseBatch(trx, desk.tenant.id, items));
      const ids = created.map((c) => ('id' in c ? c.id : c.error.message));
      const received: string[] = [];
      while (received.length < ids.length) {
        const notice = await stream.next();
        assert.equal(notice.event, 'case.created');
        assert.equal(notice.data.by.name, actorName);
        received.push(notice.data.caseId);
      }
      assert.deepEqual(received, ids);
    } finally {
      stream.close();
    }
  });

  it('a rolled-back change announces nothing', async () => {
    const desk = await deskTenant(t.db);
    const c = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const stream = await openStream(`${base}/api/live`, desk.headers);
    try {
      await stream.ready();
      // Refused inside the transaction (version conflict): nothing is committed, nothing announced.
      assert.equal((await call(api.app, 'POST', `/api/cases/${c.id}/transitions`, desk.headers, { action: 'accept', version: 7 })).status, 409);
      assert.equal((await call(api.app, 'POST', `/api/cases/${c.id}/transitions`, desk.headers, { action: 'reject', version: 1, reason: 'Doppelt' })).status, 200);
      const first = await stream.next();
      assert.equal(first.data.caseId, c.id);
      const events = await call(api.app, 'GET', `/api/cases/${c.id}/events`, desk.headers);
      assert.equal(events.body.items.filter((e: { type: string }) => e.type === 'case.status_changed').length, 1);
    } finally {
      stream.close();
    }
  });

  it('requires a signed-in user of the tenant', async () => {
    const res = await fetch(`${base}/api/live`);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).code, 'unauthenticated');
  });
});
