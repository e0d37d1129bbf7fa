import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { caseInProgress, createTemplate, decisionWorld, draft, run, type DecisionWorld } from '../../test/decision-kit.js';

describeEachDatabase('decision PDF/A-2b (qpdf, pdfinfo, pdffonts)', (t) => {
  let w: DecisionWorld;
  let file: string;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amtsdesk-pdf-'));
    w = await decisionWorld(t);
    await w.app.inject({
      method: 'PUT', url: '/api/admin/letterhead', headers: w.headers.admin,
      payload: { name: 'Stadt Musterhausen', addressLines: ['Rathausplatz 1', '12345 Musterhausen'], contact: 'Telefon 0123 456-0 · buergerbuero@musterhausen.example' },
    });
    const kase = await caseInProgress(t, w);
    const decision = (await draft(w, kase.id, (await createTemplate(w)).id)).json();
    const released = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions/${decision.id}/release`, headers: w.headers.author });
    assert.equal(released.statusCode, 200, released.body);
    const pdf = await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/decisions/${decision.id}/preview`, headers: w.headers.author });
    file = join(dir, `${t.kind}.pdf`);
    writeFileSync(file, pdf.rawPayload);
  });
  after(async () => {
    await w.test.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes qpdf --check', async () => {
    const { stdout } = await run('qpdf', ['--check', file]);
    assert.match(stdout, /No syntax or stream encoding errors found/);
  });

  it('identifies itself as PDF/A-2b in the XMP metadata and is PDF 1.7', async () => {
    const { stdout: meta } = await run('pdfinfo', ['-meta', file]);
    assert.match(meta, /<pdfaid:part>2<\/pdfaid:part>/);
    assert.match(meta, /<pdfaid:conformance>B<\/pdfaid:conformance>/);
    const { stdout: info } = await run('pdfinfo', [file]);
    assert.match(info, /PDF version:\s+1\.7/);
    assert.match(info, /Title:\s+Bescheid – Bewilligung/);
    assert.match(info, /Author:\s+Stadt Musterhausen/);
  });

  it('embeds every font (no standard-14 fallbacks) and carries an sRGB output intent', async () => {
    const { stdout } = await run('pdffonts', [file]);
    const rows = stdout.trim().split('\n').slice(2);
    assert.ok(rows.length >= 1, 'the document uses fonts');
    for (const row of rows) assert.match(row, /DejaVu\S*\s+CID TrueType\s+Identity-H\s+yes/, row);
    const { stdout: qdf } = await run('qpdf', ['--qdf', '--object-streams=disable', file, '-']).catch((e: { stdout: string }) => e);
    assert.match(qdf, /\/OutputIntents/);
    assert.match(qdf, /GTS_PDFA1/);
  });

  it('contains the letterhead, the title, the case number and the German text', async () => {
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    assert.match(stdout, /Stadt Musterhausen/);
    assert.match(stdout, /Rathausplatz 1/);
    assert.match(stdout, /Bescheid/);
    assert.match(stdout, /Vorgangsnummer:/);
    assert.match(stdout, /Hundesteuer Anmeldung/);
    assert.match(stdout, /Mit freundlichen Grüßen/);
    assert.match(stdout, /Max Sachbearbeiter/);
  });
});
