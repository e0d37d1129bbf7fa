import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { createService, createTenant } from '../../../test/factories.js';
import { withTenant } from '../../db/database.js';
import { LEIKA_HUND, PDF, PNG, dogTaxForm, intakeWorld, multipart, platformHeaders, storedCounts } from '../../../test/intake-kit.js';

const application = (overrides: Record<string, unknown> = {}) => ({
  transactionId: `api-${Math.random().toString(36).slice(2)}`,
  serviceKey: LEIKA_HUND,
  title: 'Hundesteuer: Anmeldung Bello und Struppi',
  applicant: {
    kind: 'person', firstName: 'Jürgen', lastName: 'Müller-Lüdenscheidt', email: 'j.mueller@example.org',
    address: { street: 'Holstenstraße', houseNumber: '12a', postalCode: '24103', city: 'Kiel' },
  },
  formData: dogTaxForm(),
  ...overrides,
});

describeEachDatabase('intake channel a: native JSON API', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  it('creates a case from JSON and answers the same case when the sender retries', async () => {
    const w = await intakeWorld(t, { ags: '01002001' });
    const body = application();
    const first = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: w.headers, payload: body });
    assert.equal(first.statusCode, 201, first.body);
    const receipt = first.json();
    assert.equal(receipt.status, 'created');
    assert.equal(receipt.caseStatus, 'new');
    assert.match(receipt.caseNumber, /^STA-/);
    const again = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: w.headers, payload: body });
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().caseId, receipt.caseId);
    assert.equal(again.json().status, 'existing');
    const row = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('cases').selectAll().where('id', '=', receipt.caseId).executeTakeFirstOrThrow());
    assert.equal(row.org_unit_id, w.unit.id);
    assert.equal(row.channel, 'api');
    assert.equal(row.applicant_name, 'Müller-Lüdenscheidt, Jürgen');
    const form = row.form_data as unknown as ReturnType<typeof dogTaxForm>;
    assert.equal(form.filter((i) => i.name === 'hund').length, 2, 'the repeated group stays repeated');
    assert.deepEqual(form[2]!.formItems![1], { name: 'gefaehrlich', label: 'Gefährlicher Hund', booleanValue: true });
    const events = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('case_events').select('type').where('case_id', '=', receipt.caseId).execute());
    assert.deepEqual(events.map((e) => e.type).sort(), ['case.created', 'intake.received']);
  });

  it('accepts multipart with attachments, streams them into the blob store and records the sniffed type', async () => {
    const w = await intakeWorld(t, { ags: '01002002' });
    const body = multipart([
      { name: 'application', contentType: 'application/json', data: JSON.stringify(application()) },
      { name: 'attachment', filename: 'Impfpass Bello.pdf', contentType: 'application/octet-stream', data: PDF },
      { name: 'attachment', filename: 'Foto Struppi.png', contentType: 'image/jpeg', data: PNG },
    ]);
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: { ...w.headers, ...body.headers }, payload: body.payload });
    assert.equal(res.statusCode, 201, res.body);
    const files = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) =>
      trx.selectFrom('attachments').selectAll().where('case_id', '=', res.json().caseId).orderBy('file_name').execute(),
    );
    assert.deepEqual(files.map((f) => [f.file_name, f.mime_type, Number(f.size_bytes)]), [
      ['Foto Struppi.png', 'image/png', PNG.length],
      ['Impfpass Bello.pdf', 'application/pdf', PDF.length],
    ]);
    for (const f of files) assert.ok(await h.blobs.has(f.sha256));
  });

  it('routes a platform sender by AGS and service key; an unknown authority goes to the unrouted queue', async () => {
    const w = await intakeWorld(t, { ags: '01002003', leikaKey: '99001001001003' });
    const headers = await platformHeaders(t);
    const ok = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers, payload: application({ serviceKey: '99001001001003', authority: '01002003' }) });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().tenant, w.tenant.slug);
    const before = await storedCounts(t);
    const lost = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers, payload: application({ serviceKey: '99001001001003', authority: '09999999' }) });
    assert.equal(lost.statusCode, 202);
    assert.equal(lost.json().status, 'unrouted');
    const after = await storedCounts(t);
    assert.equal(after.unrouted, before.unrouted + 1);
    assert.equal(after.cases, before.cases);
  });

  it('is documented in OpenAPI under the tag „Eingang“ with JSON and multipart bodies', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/intake/applications'].post;
    assert.deepEqual(op.tags, ['Eingang']);
    assert.ok(op.requestBody.content['application/json'].schema.properties.formData);
    assert.ok(op.requestBody.content['multipart/form-data']);
    for (const path of ['/antrag', '/api/intake/ozg-cloud/antrag', '/api/intake/intelliform', '/api/intake/fit-connect/submissions']) {
      assert.deepEqual(doc.paths[path].post.tags, ['Eingang'], path);
    }
  });

  it('a tenant token cannot file into another tenant’s service (422, nothing stored there)', async () => {
    const w = await intakeWorld(t, { ags: '01002004' });
    const other = await createService(t.db, { tenant: await createTenant(t.db, { ags: '01002005' }) });
    const before = await storedCounts(t);
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: w.headers, payload: application({ serviceKey: undefined, serviceId: other.id }) });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(await storedCounts(t), before);
  });
});
