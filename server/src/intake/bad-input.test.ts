import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, tokenHeaders, type TestApp } from '../../test/app.js';
import { withTenant } from '../db/database.js';
import { EXE, PDF, blobTempFiles, intakeWorld, multipart, ozgDocument, storedCounts, type Part } from '../../test/intake-kit.js';

const KB = 1024;

describeEachDatabase('intake: bad input is refused and leaves nothing behind', (t) => {
  let h: TestApp;
  let w: Awaited<ReturnType<typeof intakeWorld>>;
  before(async () => {
    h = await createTestApp(t.db, { intake: { maxAttachmentBytes: 8 * KB, maxSubmissionBytes: 20 * KB, maxParts: 6, maxFormDepth: 12 } });
    w = await intakeWorld(t, { ags: '01004001' });
  });
  after(async () => h.close());

  const ozg = (doc: unknown, extra: Part[] = [], formDataBytes?: Buffer) =>
    h.app.inject({
      method: 'POST',
      url: '/antrag',
      ...(() => {
        const body = multipart([{ name: 'formData', contentType: 'application/json', data: formDataBytes ?? JSON.stringify(doc) }, ...extra]);
        return { headers: { ...w.headers, ...body.headers }, payload: body.payload };
      })(),
    });

  /** Runs the request and asserts status, problem code and that nothing at all was stored. */
  async function refused(run: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>, status: number, code?: string) {
    const before = await storedCounts(t);
    const res = await run();
    assert.equal(res.statusCode, status, res.body);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    const problem = JSON.parse(res.body);
    if (code) assert.equal(problem.code, code);
    assert.ok(problem.detail.length > 10, 'a German explanation');
    assert.deepEqual(await storedCounts(t), before, 'nothing stored');
    assert.deepEqual(blobTempFiles(h.config.dataDir), [], 'no temporary files left');
    return problem;
  }

  it('malformed JSON → 400', () =>
    refused(() => h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: { ...w.headers, 'content-type': 'application/json' }, payload: '{"applicant": {' }), 400, 'bad_request'));

  it('wrong content type → 415', () =>
    refused(() => h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: { ...w.headers, 'content-type': 'text/plain' }, payload: 'Hundesteuer bitte' }), 415));

  it('OZG /antrag as JSON instead of multipart → 415', () =>
    refused(() => h.app.inject({ method: 'POST', url: '/antrag', headers: { ...w.headers, 'content-type': 'application/json' }, payload: JSON.stringify(ozgDocument()) }), 415));

  it('missing control fields → 400 naming the field', async () => {
    const p1 = await refused(() => ozg(ozgDocument({ control: { transactionId: undefined } })), 400, 'validation_failed');
    assert.equal(p1.field, 'control.transactionId');
    const p2 = await refused(() => ozg(ozgDocument({ control: { leikaIds: [] } })), 400);
    assert.equal(p2.field, 'control.leikaIds');
    await refused(() => ozg({ formData: [] }), 400);
  });

  it('unknown service key → 422', async () => {
    const problem = await refused(() => ozg(ozgDocument({ control: { leikaIds: ['99999999999999'] } })), 422, 'unprocessable');
    assert.match(problem.detail, /99999999999999/);
    assert.equal(problem.field, 'control.leikaIds');
  });

  it('an attachment over the limit → 413', () => refused(() => ozg(ozgDocument(), [{ name: 'attachment', filename: 'gross.pdf', data: Buffer.concat([PDF, Buffer.alloc(9 * KB, 0x41)]) }]), 413, 'payload_too_large'));

  it('a submission over the total limit (each attachment small enough) → 413', () =>
    refused(() => ozg(ozgDocument(), [1, 2, 3].map((i) => ({ name: 'attachment', filename: `teil${i}.pdf`, data: Buffer.concat([PDF, Buffer.alloc(5 * KB, 0x41)]) }))), 413));

  it('too many parts → 413', () => refused(() => ozg(ozgDocument(), Array.from({ length: 8 }, (_, i) => ({ name: 'attachment', filename: `a${i}.txt`, data: 'x' }))), 413));

  it('executables and scripts are rejected by sniffed content, whatever the name says → 422', async () => {
    await refused(() => ozg(ozgDocument(), [{ name: 'attachment', filename: 'rechnung.pdf', contentType: 'application/pdf', data: EXE }]), 422);
    await refused(() => ozg(ozgDocument(), [{ name: 'attachment', filename: 'liesmich.txt', data: '#!/bin/sh\nrm -rf /\n' }]), 422);
  });

  it('invalid UTF-8 in the form data → 400', () => {
    const bytes = Buffer.from(JSON.stringify(ozgDocument()).replace('Bello', 'B\u00ffllo'), 'utf8');
    const broken = Buffer.from(bytes.toString('latin1').replace('B\u00c3\u00bfllo', 'B\u00ffllo'), 'latin1');
    return refused(() => ozg(null, [], broken), 400, 'bad_request');
  });

  it('NUL bytes in the form data → 400', () =>
    refused(() => ozg(ozgDocument({ formData: [{ name: 'vorname', label: 'Vorname', stringValue: 'Jür\u0000gen' }] })), 400, 'bad_request'));

  it('absurd nesting depth → 400', () => {
    const depth = 100_000;
    const deep = '{"name":"g","label":"Gruppe","formItems":['.repeat(depth) + '{"name":"blatt","label":"Blatt","stringValue":"x"}' + ']}'.repeat(depth);
    const doc = JSON.stringify(ozgDocument({ formData: ['__DEEP__'] })).replace('"__DEEP__"', deep);
    return refused(() => ozg(null, [], Buffer.from(doc)), 400, 'bad_request');
  });

  it('no credentials → 401; a token without intake:submit → 403', async () => {
    const body = multipart([{ name: 'formData', data: JSON.stringify(ozgDocument()) }]);
    await refused(() => h.app.inject({ method: 'POST', url: '/antrag', headers: body.headers, payload: body.payload }), 401);
    const readOnly = await tokenHeaders(t.db, w.tenant.id, ['cases:read']);
    await refused(() => h.app.inject({ method: 'POST', url: '/antrag', headers: { ...readOnly, ...body.headers }, payload: body.payload }), 403);
  });

  it('file names with path traversal or control characters are sanitised', async () => {
    const res = await ozg(ozgDocument(), [
      { name: 'attachment', filename: '../../../etc/passwd', contentType: 'text/plain', data: 'root:x:0:0' },
      { name: 'attachment', filename: 'C:\\Users\\x\\Bescheid\u0007\u202e.pdf', data: PDF },
    ]);
    assert.equal(res.statusCode, 201, res.body);
    const names = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('attachments').select(['file_name', 'mime_type']).where('case_id', '=', res.json().vorgangId).orderBy('file_name').execute());
    assert.deepEqual(names, [{ file_name: 'Bescheid.pdf', mime_type: 'application/pdf' }, { file_name: 'passwd', mime_type: 'text/plain' }]);
  });
});
