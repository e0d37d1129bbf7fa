import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { closedCase } from '../../test/destruction-kit.js';
import { createCase, createUser } from '../../test/factories.js';
import { DMS_AUTHORITY, xdomeaTestBuilders } from '../../test/xdomea-process-kit.js';
import { addTarget, exchange, xdomeaOffice } from '../../test/xdomea-office.js';
import { startXdomeaStandin, type XdomeaStandin } from '../../test/xdomea-standins.js';
import { verifyTenantChain } from '../events/verify.js';

describeEachDatabase('xdomea hand-over (Abgabe 0401–0403) through a transfer directory', (t) => {
  let h: TestApp;
  let root: string;
  const builders = xdomeaTestBuilders();
  const standins: XdomeaStandin[] = [];
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'amtsdesk-xdomea-'));
    h = await createTestApp(t.db, { xdomea: { directoryRoot: root, maxAnswerBytes: 1 << 20, pollSeconds: 60 } }, { xdomeaBuilders: builders });
  });
  after(async () => {
    for (const s of standins) await s.close();
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  async function office(decide?: Parameters<typeof startXdomeaStandin>[0]['decide'], answerAs?: string) {
    const o = await xdomeaOffice(t, h);
    const directory = `${o.tenant.id}/e-akte`;
    const dmsId = await addTarget(h, o.admin, { kind: 'dms', transport: 'directory', name: 'E-Akte Musterstadt', authorityId: DMS_AUTHORITY, config: { directory } });
    const dms = await startXdomeaStandin({ role: 'dms', authorityId: DMS_AUTHORITY, name: 'E-Akte Musterstadt', directory: join(root, directory), decide, answerAs });
    standins.push(dms);
    return { ...o, dmsId, dms, directory: join(root, directory) };
  }

  const stateOf = async (o: { headers: Record<string, string> }, caseId: string) => {
    const res = await call(h.app, 'GET', `/api/cases/${caseId}/xdomea`, o.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as Array<{ processId: string; state: string; lastError: string | null; cases: Array<{ state: string; reason: string | null }> }>;
  };

  it('a closed case handed over as lead record: sent once, received (0403), imported (0402), then read-only', async () => {
    const o = await office();
    const kase = await closedCase(t, h, o);
    const started = await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: o.dmsId, lead: true });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    assert.equal((await stateOf(o, kase.id))[0]!.cases[0]!.state, 'pending');

    const x = exchange(t, h, builders);
    try {
      await x.send();
      await o.dms.waitFor(1);
      assert.equal(o.dms.received[0]!.processId, started.body.processId);
      assert.deepEqual(o.dms.received[0]!.vorgangIds, [kase.id], 'the case travels as its Vorgang');
      assert.equal((await stateOf(o, kase.id))[0]!.cases[0]!.state, 'sent');
      await waitForAnswers(o.directory, 2);
      assert.equal((await x.poll()).refused, 0);
    } finally {
      await x.stop();
    }
    const [process] = await stateOf(o, kase.id);
    assert.equal(process!.state, 'done');
    assert.equal(process!.cases[0]!.state, 'imported');
    assert.deepEqual([...o.dms.deliveries.values()], [1], 'exactly one package at the receiver');
    assert.deepEqual(readdirSync(join(o.directory, 'antworten', 'verarbeitet')).length, 2, 'answers moved aside once processed');

    const detail = await call(h.app, 'GET', `/api/cases/${kase.id}`, o.headers);
    assert.ok(detail.body.readOnlySince, 'read-only since the import');
    assert.deepEqual(detail.body.allowedActions, []);
    assert.ok(!detail.body.permissions.includes('note.write'));
    const reopen = await call(h.app, 'POST', `/api/cases/${kase.id}/transitions`, o.headers, { action: 'reopen', version: detail.body.version });
    assert.equal(reopen.status, 409);
    assert.equal(reopen.body.code, 'case_read_only');
    assert.match(reopen.body.detail, /federführend/);
    const note = await call(h.app, 'POST', `/api/cases/${kase.id}/notes`, o.headers, { body: 'Noch eine Notiz' });
    assert.equal(note.status, 409);
    assert.equal(note.body.code, 'case_read_only');

    const history = await call(h.app, 'GET', `/api/cases/${kase.id}/events`, o.headers);
    const types = (history.body.items ?? history.body).map((e: { type: string }) => e.type);
    for (const type of ['xdomea.handover_started', 'xdomea.message_sent', 'xdomea.answered']) assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    assert.equal((await verifyTenantChain(t.db, o.tenant.id)).ok, true);
  });

  it('refuses, with nothing written: an open case (422), an unknown target (422), a second hand-over while one waits (409)', async () => {
    const o = await office();
    const open = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id, orgUnitId: o.unit.id });
    const stillOpen = await call(h.app, 'POST', `/api/cases/${open.id}/xdomea/handover`, o.headers, { targetId: o.dmsId, lead: true });
    assert.equal(stillOpen.status, 422);
    assert.equal(stillOpen.body.code, 'xdomea_case_open');
    assert.match(stillOpen.body.detail, /noch offen/);

    const kase = await closedCase(t, h, o);
    const unknown = await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: '01900000-0000-7000-8000-000000000000', lead: false });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, 'xdomea_target_missing');
    assert.equal(unknown.body.field, 'targetId');

    assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: o.dmsId, lead: false })).status, 202);
    const second = await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: o.dmsId, lead: false });
    assert.equal(second.status, 409);
    assert.equal(second.body.code, 'xdomea_handover_pending');
    assert.equal((await stateOf(o, kase.id)).length, 1, 'one process only');
    assert.deepEqual(await stateOf(o, open.id), []);

    const reader = await sessionHeaders(t.db, await createUser(t.db, { tenant: o.tenant, roles: ['reader'] }));
    assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, reader, { targetId: o.dmsId, lead: false })).status, 403);
    const other = await xdomeaOffice(t, h);
    assert.equal((await call(h.app, 'GET', `/api/cases/${kase.id}/xdomea`, other.headers)).status, 404, 'another tenant sees nothing');
  });

  it('the receiver refuses the import: the case shows the reason, stays writable, and may be handed over again', async () => {
    const o = await office(() => ({ ok: false, error: 'Aktenplan-Kennzeichen unbekannt' }));
    const kase = await closedCase(t, h, o);
    assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: o.dmsId, lead: true })).status, 202);
    const x = exchange(t, h, builders);
    try {
      await x.send();
      await waitForAnswers(o.directory, 2);
      await x.poll();
    } finally {
      await x.stop();
    }
    const [process] = await stateOf(o, kase.id);
    assert.deepEqual([process!.cases[0]!.state, process!.cases[0]!.reason], ['refused', 'Aktenplan-Kennzeichen unbekannt']);
    assert.equal((await call(h.app, 'GET', `/api/cases/${kase.id}`, o.headers)).body.readOnlySince, null);
    assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: o.dmsId, lead: true })).status, 202);
  });

  it('answers from the wrong sender or for an unknown ProzessID are refused and change nothing', async () => {
    const o = await office(undefined, 'FREMDE-BEHOERDE');
    const kase = await closedCase(t, h, o);
    assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: o.dmsId, lead: true })).status, 202);
    const x = exchange(t, h, builders);
    try {
      await x.send();
      await waitForAnswers(o.directory, 2);
      // (the poll covers every tenant's targets; this tenant's two answers are the refused ones)
      assert.equal((await x.poll()).refused, 2);
    } finally {
      await x.stop();
    }
    assert.equal((await stateOf(o, kase.id))[0]!.cases[0]!.state, 'sent', 'unchanged');
    assert.equal((await call(h.app, 'GET', `/api/cases/${kase.id}`, o.headers)).body.readOnlySince, null);
  });

  it('an invalid message is never sent: the process shows why, the outbox keeps it, and it leaves once fixed', async () => {
    const o = await office();
    const kase = await closedCase(t, h, o);
    assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: o.dmsId, lead: false })).status, 202);
    builders.invalid.add('0401');
    const x = exchange(t, h, builders);
    try {
      await x.send();
      const [waiting] = await stateOf(o, kase.id);
      assert.match(waiting!.lastError ?? '', /0401 ungültig: .*xdomea-Schema/);
      assert.equal(waiting!.cases[0]!.state, 'pending');
      assert.equal(o.dms.received.length, 0, 'nothing left');
      const [row] = await t.adminQuery<{ status: string; last_error: string }>(`select status, last_error from outbox where kind = 'xdomea_message' and tenant_id = $1`, [o.tenant.id]);
      assert.equal(row!.status, 'pending');
      builders.invalid.delete('0401');
      await new Promise((r) => setTimeout(r, 20));
      await x.send();
      await o.dms.waitFor(1);
    } finally {
      builders.invalid.delete('0401');
      await x.stop();
    }
    const [sent] = await stateOf(o, kase.id);
    assert.equal(sent!.lastError, null);
    assert.equal(sent!.cases[0]!.state, 'sent');
  });
});

async function waitForAnswers(directory: string, n: number): Promise<void> {
  const until = Date.now() + 10_000;
  const answers = () => { try { return readdirSync(join(directory, 'antworten')).filter((f) => f.endsWith('.zip')).length; } catch { return 0; } };
  while (answers() < n) {
    if (Date.now() > until) throw new Error('no answers from the stand-in');
    await new Promise((r) => setTimeout(r, 50));
  }
}
