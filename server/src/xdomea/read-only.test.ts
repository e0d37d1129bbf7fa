import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call } from '../../test/case-kit.js';
import { closedCase } from '../../test/destruction-kit.js';
import { caseInProgress, createTemplate, decisionWorld } from '../../test/decision-kit.js';
import { createUser } from '../../test/factories.js';
import { multipart, PDF } from '../../test/mailbox-kit.js';
import { DMS_AUTHORITY } from '../../test/xdomea-process-kit.js';
import { addTarget, xdomeaOffice } from '../../test/xdomea-office.js';

describeEachDatabase('xdomea: one hand-over at a time; a lead hand-over leaves the case read-only for every write path', (t) => {
  let h: TestApp;
  let root: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'amtsdesk-xdomea-ro-'));
    h = await createTestApp(t.db, { xdomea: { directoryRoot: root, maxAnswerBytes: 1 << 20, pollSeconds: 60 } });
  });
  after(async () => {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('three hand-overs of one case at the same moment: one starts, the others get 409 in German, one process', async () => {
    const o = await xdomeaOffice(t, h);
    const dmsId = await addTarget(h, o.admin, { kind: 'dms', transport: 'directory', name: 'E-Akte Musterstadt', authorityId: DMS_AUTHORITY, config: { directory: `${o.tenant.id}/e-akte` } });
    const kase = await closedCase(t, h, o);
    const handOver = () => call(h.app, 'POST', `/api/cases/${kase.id}/xdomea/handover`, o.headers, { targetId: dmsId, lead: true });
    let answers;
    if (t.kind === 'postgres') {
      // Make the race certain: a stand-by transaction holds the case row while all three requests
      // pass their first checks; released, they meet at the case lock and one after the other see the first process.
      const blocker = new pg.Client({ connectionString: t.url! });
      await blocker.connect();
      try {
        await blocker.query('begin');
        await blocker.query('select id from cases where id = $1 for update', [kase.id]);
        const pending = Promise.all([handOver(), handOver(), handOver()]);
        await new Promise((r) => setTimeout(r, 500));
        await blocker.query('commit');
        answers = await pending;
      } finally {
        await blocker.end();
      }
    } else {
      answers = await Promise.all([handOver(), handOver(), handOver()]);
    }
    assert.deepEqual(answers.map((a) => a.status).sort(), [202, 409, 409], JSON.stringify(answers.map((a) => a.body)));
    for (const refused of answers.filter((a) => a.status === 409)) {
      assert.equal(refused.body.code, 'xdomea_handover_pending');
      assert.match(refused.body.detail, /bereits abgegeben/);
    }
    const rows = await t.adminQuery<{ n: string }>(`select count(*)::text as n from xdomea_process_cases where case_id = $1`, [kase.id]);
    assert.equal(rows[0]!.n, '1', 'exactly one process for the case');
  });

  it('the caseworker chooses among the active E-Akte and authorities, never the archive or transport settings', async () => {
    const o = await xdomeaOffice(t, h);
    await addTarget(h, o.admin, { kind: 'dms', transport: 'directory', name: 'E-Akte Musterstadt', authorityId: DMS_AUTHORITY, config: { directory: `${o.tenant.id}/dms` } });
    await addTarget(h, o.admin, { kind: 'authority', transport: 'directory', name: 'Landratsamt Beispielkreis', authorityId: 'LRA-BSP', config: { directory: `${o.tenant.id}/lra` } });
    await addTarget(h, o.admin, { kind: 'archive', transport: 'directory', name: 'Stadtarchiv', authorityId: 'STADTARCHIV', config: { directory: `${o.tenant.id}/archiv` } });
    const res = await call(h.app, 'GET', '/api/xdomea/handover-targets', o.headers);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.ready, true);
    assert.deepEqual(res.body.items.map((i: { name: string; kind: string }) => `${i.kind}:${i.name}`), ['dms:E-Akte Musterstadt', 'authority:Landratsamt Beispielkreis']);
    assert.ok(!JSON.stringify(res.body).includes('/dms'), 'no transport settings');
    const reader = await sessionHeaders(t.db, await createUser(t.db, { tenant: o.tenant, roles: ['reader'] }));
    assert.equal((await call(h.app, 'GET', '/api/xdomea/handover-targets', reader)).status, 403);
  });

  it('after a lead hand-over, decisions (draft, edit, submit, release) and message uploads are refused with 409 and change nothing', async () => {
    const w = await decisionWorld(t);
    try {
      const kase = await caseInProgress(t, w);
      const template = await createTemplate(w);
      const draft = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: w.headers.author, payload: { source: 'template', templateId: template.id } });
      assert.equal(draft.statusCode, 201, draft.body);
      const decisionId = draft.json().id as string;
      // The state a lead hand-over leaves behind once the E-Akte confirmed the import (handover.test.ts drives it end to end).
      await t.adminQuery(`update cases set read_only_since = now() where id = $1`, [kase.id]);
      const attachmentsBefore = await t.adminQuery(`select id from attachments where case_id = $1`, [kase.id]);

      const base = `/api/cases/${kase.id}/decisions`;
      const tries = [
        await w.app.inject({ method: 'POST', url: base, headers: w.headers.author, payload: { source: 'template', templateId: template.id } }),
        await w.app.inject({ method: 'PATCH', url: `${base}/${decisionId}`, headers: w.headers.author, payload: { text: 'Geänderter Text' } }),
        await w.app.inject({ method: 'POST', url: `${base}/${decisionId}/submit`, headers: w.headers.author }),
        await w.app.inject({ method: 'POST', url: `${base}/${decisionId}/release`, headers: w.headers.author }),
      ];
      const form = multipart([
        { name: 'subject', value: 'Nachreichung' }, { name: 'body', value: 'Anbei der Nachweis.' },
        { name: 'attachment', value: PDF, fileName: 'Nachweis.pdf', contentType: 'application/pdf' },
      ]);
      tries.push(await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/messages`, headers: { ...w.headers.author, ...form.headers }, payload: form.payload }));
      for (const res of tries) {
        assert.equal(res.statusCode, 409, `${res.statusCode} ${res.body}`);
        assert.equal(res.json().code, 'case_read_only');
        assert.match(res.json().detail, /federführend/);
      }
      const decisions = (await w.app.inject({ method: 'GET', url: base, headers: w.headers.author })).json().items as Array<{ status: string; text: string }>;
      assert.deepEqual(decisions.map((d) => d.status), ['draft'], 'one decision, still a draft');
      assert.doesNotMatch(decisions[0]!.text, /Geänderter/);
      assert.deepEqual(await t.adminQuery(`select id from attachments where case_id = $1`, [kase.id]), attachmentsBefore, 'no attachment added');
    } finally {
      await w.test.close();
    }
  });
});
