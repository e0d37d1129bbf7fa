import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { call } from '../../../test/case-kit.js';
import { withTenant } from '../../db/database.js';
import { run } from '../../../test/decision-kit.js';
import { uuidv7 } from '../../shared/ids.js';
import { protocolCsv, type ProtocolRow } from './protocol.js';
import { closedCase, proposeFor, recordsOffice, type RecordsOffice } from '../../../test/destruction-kit.js';

describeEachDatabase('Vernichtungsprotokoll: the deletion log by list and by period, as CSV and PDF/A', (t) => {
  let h: TestApp;
  let o: RecordsOffice;
  let listId = '';
  let numbers: string[] = [];
  let dir = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amtsdesk-protocol-'));
    h = await createTestApp(t.db);
    o = await recordsOffice(t, h);
    const cases = [await closedCase(t, h, o), await closedCase(t, h, o)];
    numbers = cases.map((c) => c.caseNumber);
    listId = (await proposeFor(t, o))!.listId;
    await call(h.app, 'POST', `/api/destruction-lists/${listId}/approve`, o.first);
    assert.equal((await call(h.app, 'POST', `/api/destruction-lists/${listId}/confirm`, o.second)).status, 200);
    // What the purge worker writes when it has purged a case (migration 0038's deletion_log).
    await withTenant(t.db, { tenantId: o.tenant.id }, async (trx) => {
      const orders = await trx.selectFrom('purge_orders').select(['id', 'case_id', 'reason', 'approved_by']).orderBy('requested_at').execute();
      for (const [i, order] of orders.entries()) {
        const kase = cases.find((c) => c.id === order.case_id)!;
        await trx.insertInto('deletion_log').values({
          id: uuidv7(), tenant_id: o.tenant.id, order_id: order.id, case_id: order.case_id, case_number: kase.caseNumber, service_name: 'Hundesteuer Anmeldung',
          appraisal: 'V', case_created_at: new Date('2029-01-02T10:00:00Z'), case_closed_at: new Date('2029-02-01T10:00:00Z'),
          retention_due_at: new Date('2030-02-01T10:00:00Z'), list_id: listId, reason: order.reason, approved_by: JSON.stringify(order.approved_by),
          purged_at: new Date(i === 0 ? '2031-01-05T08:00:00Z' : '2031-02-10T08:00:00Z'),
        }).execute();
      }
    });
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the purged cases newest first, filtered by period and by list; only for the records role', async () => {
    const all = await call(h.app, 'GET', '/api/destruction-protocol', o.first);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.items.length, 2);
    assert.deepEqual(all.body.items[0].approvedBy, ['Rita Registratur', 'Sven Schriftgut']);
    assert.equal(all.body.items[0].listNumber, 1);
    const january = await call(h.app, 'GET', '/api/destruction-protocol?from=2031-01-01&to=2031-01-31', o.first);
    assert.equal(january.body.items.length, 1);
    assert.equal((await call(h.app, 'GET', `/api/destruction-protocol?listId=${uuidv7()}`, o.first)).body.items.length, 0);
    const bad = await call(h.app, 'GET', '/api/destruction-protocol?from=5.1.2031', o.first);
    assert.equal(bad.status, 400);
    assert.equal((await call(h.app, 'GET', '/api/destruction-protocol', o.admin)).status, 403);
  });

  it('exports CSV (BOM, semicolons, German headers) as a download, for a list', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/destruction-protocol/export?format=csv&listId=${listId}`, headers: o.first });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="Vernichtungsprotokoll_Liste-1\.csv"/);
    const text = res.rawPayload.toString('utf8');
    assert.ok(text.startsWith('\uFEFF"Aktenzeichen";"Leistung";"Archivbewertung"'), text.slice(0, 80));
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, 3);
    for (const n of numbers) assert.ok(text.includes(`"${n}"`), n);
    assert.match(lines[1]!, /"Liste 1";"Aussonderungsliste 1: Aufbewahrungsfrist abgelaufen";"Rita Registratur, Sven Schriftgut"/);
  });

  it('a cell a spreadsheet would run as a formula is defused', () => {
    const row = { case_number: '=HYPERLINK("x")', service_name: '+1', appraisal: 'V', approved_by: ['@a'], reason: '-r', list_number: null, case_created_at: new Date(), case_closed_at: null, retention_due_at: null, purged_at: new Date() } as unknown as ProtocolRow;
    const line = protocolCsv([row]).split('\r\n')[1]!;
    assert.match(line, /^"'=HYPERLINK\(""x""\)";"'\+1";"V"/);
    assert.match(line, /"'-r";"'@a"/);
  });

  it('exports a PDF/A-2b for a period, with the cases and the approvers', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/destruction-protocol/export?format=pdf&from=2031-01-01&to=2031-12-31', headers: o.first });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="Vernichtungsprotokoll_2031-01-01_2031-12-31\.pdf"/);
    const file = join(dir, `${t.kind}.pdf`);
    writeFileSync(file, res.rawPayload);
    const { stdout: meta } = await run('pdfinfo', ['-meta', file]);
    assert.match(meta, /<pdfaid:part>2<\/pdfaid:part>/);
    const { stdout: text } = await run('pdftotext', ['-layout', file, '-']);
    assert.match(text, /Vernichtungsprotokoll/);
    assert.match(text, /2 gelöschte Vorgänge/);
    for (const n of numbers) assert.ok(text.includes(n), n);
    assert.match(text, /Rita Registratur, Sven Schriftgut/);
    const { stdout: check } = await run('qpdf', ['--check', file]);
    assert.match(check, /No syntax or stream encoding errors found/);
  });

  it('refuses an unknown format naming the field', async () => {
    const res = await call(h.app, 'GET', '/api/destruction-protocol/export?format=xlsx', o.first);
    assert.equal(res.status, 400);
    assert.equal(res.body.field, 'format');
  });
});
