import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { closedCase, proposeFor, purgeOrders } from '../../test/destruction-kit.js';
import { ARCHIVE_AUTHORITY, SHARED_SECRET, xdomeaTestBuilders } from '../../test/xdomea-process-kit.js';
import { addTarget, exchange, xdomeaOffice } from '../../test/xdomea-office.js';
import { startXdomeaStandin, type XdomeaStandin } from '../../test/xdomea-standins.js';
import { answerXml } from '../../test/xdomea-xml.js';
import { signXdomeaBody } from './transport/signature.js';

describeEachDatabase('xdomea Aussonderung (0501–0507) over HTTP with answers pushed to the signed endpoint', (t) => {
  let h: TestApp;
  let base: string;
  const builders = xdomeaTestBuilders();
  const standins: XdomeaStandin[] = [];
  before(async () => {
    h = await createTestApp(t.db, {}, { xdomeaBuilders: builders });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const s of standins) await s.close();
    await h.close();
  });

  async function office(decide?: Parameters<typeof startXdomeaStandin>[0]['decide']) {
    const o = await xdomeaOffice(t, h);
    // The target id is known only after saving; the stand-in learns its push URL afterwards.
    const push = { url: '' };
    const archive = await startXdomeaStandin({ role: 'archive', authorityId: ARCHIVE_AUTHORITY, name: 'Stadtarchiv', http: { secret: SHARED_SECRET, get pushTo() { return push.url; } }, decide });
    standins.push(archive);
    const archiveId = await addTarget(h, o.admin, { kind: 'archive', transport: 'http', name: 'Stadtarchiv', authorityId: ARCHIVE_AUTHORITY, config: { url: archive.url }, sharedSecret: SHARED_SECRET });
    push.url = `${base}/api/xdomea/answers/${archiveId}?tenant=${o.tenant.slug}`;
    return { ...o, archive, archiveId, push };
  }

  it('offer → appraisal (archive/destroy) → transfer → import confirmed: both cases reach the destruction list, nothing sent twice', async () => {
    const kept = { id: '' };
    const o = await office((id, type) => (type === '0502' && id !== kept.id ? { appraisal: 'V' } : {}));
    const worthy = await closedCase(t, h, o, o.archived.id);
    const other = await closedCase(t, h, o, o.archived.id);
    kept.id = worthy.id;
    const proposal = (await proposeFor(t, o))!;
    const list = `/api/destruction-lists/${proposal.listId}`;
    assert.equal((await call(h.app, 'POST', `${list}/approve`, o.first)).status, 200);
    assert.equal((await call(h.app, 'POST', `${list}/confirm`, o.second)).status, 200);
    assert.deepEqual(await purgeOrders(t, o.tenant.id), [], 'A cases wait for the archive');

    const started = await call(h.app, 'POST', '/api/xdomea/aussonderung', o.first);
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const url = `/api/xdomea/processes/${started.body.id}`;
    const x = exchange(t, h, builders);
    try {
      await x.send(); // 0501 → 0504 + 0502 pushed back
      await o.archive.waitFor(1);
      const appraised = await waitFor(async () => (await call(h.app, 'GET', url, o.first)).body, (p) => p.messages.some((m: { messageType: string }) => m.messageType === '0502'));
      const states = Object.fromEntries(appraised.cases.map((c: { caseId: string; state: string }) => [c.caseId, c.state]));
      assert.deepEqual(states, { [worthy.id]: 'archive', [other.id]: 'destroy' });
      assert.deepEqual((await purgeOrders(t, o.tenant.id)).map((p) => p.case_id), [other.id], '"destroy" releases the case at once');

      await x.send(); // 0505
      const transfer = await call(h.app, 'POST', `${url}/transfer`, o.first);
      assert.equal(transfer.status, 200, JSON.stringify(transfer.body));
      await x.send(); // 0503 → 0507 + 0506
      await o.archive.waitFor(3);
      const done = await waitFor(async () => (await call(h.app, 'GET', url, o.first)).body, (p) => p.state === 'done');
      const archived = done.cases.find((c: { caseId: string }) => c.caseId === worthy.id);
      assert.equal(archived.state, 'archived');
      assert.match(archived.reference, /^ARCH-/);
      assert.deepEqual(done.messages.map((m: { direction: string; messageType: string }) => `${m.direction}:${m.messageType}`).sort(),
        ['in:0502', 'in:0504', 'in:0506', 'in:0507', 'out:0501', 'out:0503', 'out:0505']);
    } finally {
      await x.stop();
    }
    assert.deepEqual((await purgeOrders(t, o.tenant.id)).map((p) => p.case_id).sort(), [worthy.id, other.id].sort());
    assert.deepEqual(o.archive.received.map((m) => m.type), ['0501', '0505', '0503']);
    assert.ok([...o.archive.deliveries.values()].every((n) => n === 1), 'each package once');
    assert.equal((await call(h.app, 'POST', `${url}/transfer`, o.first)).status, 409, 'a second transfer has nothing to send');
  });

  it('pushed answers: wrong signature 401, unknown ProzessID / wrong sender 422 — and nothing changes', async () => {
    const o = await office();
    const kase = await closedCase(t, h, o, o.archived.id);
    const proposal = (await proposeFor(t, o))!;
    assert.ok(proposal);
    const started = await call(h.app, 'POST', '/api/xdomea/aussonderung', o.first);
    assert.equal(started.status, 202);
    o.push.url = ''; // keep the stand-in's answers to itself
    const x = exchange(t, h, builders);
    try {
      await x.send();
    } finally {
      await x.stop();
    }
    const answer = (processId: string, sender: string) => Buffer.from(answerXml({
      processId, type: '0502', sender: { authorityId: sender, name: 'Archiv' }, receiver: { authorityId: 'MUSTERSTADT-BA', name: 'Stadt' },
    }, [{ id: kase.id, appraisal: 'V' }]));
    const path = `/api/xdomea/answers/${o.archiveId}?tenant=${o.tenant.slug}`;
    const post = (body: Buffer, signature = signXdomeaBody(body, SHARED_SECRET)) =>
      h.app.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/xml', 'x-xdomea-signature': signature } });

    const forged = await post(answer(started.body.processId, ARCHIVE_AUTHORITY), 'sha256=00');
    assert.equal(forged.statusCode, 401);
    const unknown = await post(answer('4f1c2b7e-0000-4000-8000-000000000000', ARCHIVE_AUTHORITY));
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().code, 'xdomea_answer_refused');
    assert.equal((await post(answer(started.body.processId, 'FREMDES-ARCHIV'))).statusCode, 422);
    assert.equal((await post(Buffer.from('<kein xdomea/>'))).statusCode, 422);
    const detail = await call(h.app, 'GET', `/api/xdomea/processes/${started.body.id}`, o.first);
    assert.deepEqual(detail.body.cases.map((c: { state: string }) => c.state), ['offered']);
    assert.deepEqual(await purgeOrders(t, o.tenant.id), []);

    const real = await post(answer(started.body.processId, ARCHIVE_AUTHORITY));
    assert.equal(real.statusCode, 200, real.body);
    assert.equal((await post(answer(started.body.processId, ARCHIVE_AUTHORITY))).json().outcome, 'duplicate');
  });

  it('a target URL pointing into the internal network is refused when saved', async () => {
    const o = await xdomeaOffice(t, h);
    const res = await call(h.app, 'POST', '/api/xdomea/targets', o.admin, { kind: 'authority', transport: 'http', name: 'Nachbarkreis', authorityId: 'KREIS', config: { url: 'https://169.254.169.254/latest' }, sharedSecret: SHARED_SECRET });
    assert.equal(res.status, 422);
    assert.equal(res.body.code, 'url_not_allowed');
    assert.equal(res.body.field, 'config.url');
    const dir = await call(h.app, 'POST', '/api/xdomea/targets', o.admin, { kind: 'dms', transport: 'directory', name: 'E-Akte', authorityId: 'DMS', config: { directory: '../../etc' } });
    assert.equal(dir.status, 422, 'no transfer directory root configured in this test, and never outside it');
    assert.deepEqual((await call(h.app, 'GET', '/api/xdomea/targets', o.admin)).body.items, []);
  });
});

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
