import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { withTenant } from '../../db/database.js';
import type { Applicant } from '../../db/schema.js';
import { PDF, PNG, intakeWorld, multipart, ozgDocument, platformHeaders } from '../../../test/intake-kit.js';

const ozgBody = (doc: unknown, extra: Parameters<typeof multipart>[0] = []) =>
  multipart([{ name: 'formData', contentType: 'application/json', data: JSON.stringify(doc) }, ...extra]);

describeEachDatabase('intake channel b: OZG-Cloud compatible POST /antrag', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  it('takes formData, representation and attachments at the root path and answers transaction id, case id, number and status', async () => {
    const w = await intakeWorld(t, { ags: '01003001' });
    const doc = ozgDocument();
    const body = ozgBody(doc, [
      { name: 'representation', filename: 'Antrag.pdf', contentType: 'application/pdf', data: PDF },
      { name: 'attachment', filename: 'Sachkundenachweis.pdf', contentType: 'application/pdf', data: PDF },
      { name: 'attachment', filename: 'Foto.png', contentType: 'image/png', data: PNG },
    ]);
    const res = await h.app.inject({ method: 'POST', url: '/antrag', headers: { ...w.headers, ...body.headers }, payload: body.payload });
    assert.equal(res.statusCode, 201, res.body);
    const answer = res.json();
    assert.equal(answer.transactionId, doc.control.transactionId);
    assert.equal(answer.status, 'new');
    assert.match(answer.vorgangNummer, /^STA-/);
    const row = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('cases').selectAll().where('id', '=', answer.vorgangId).executeTakeFirstOrThrow());
    assert.equal(row.title, 'Anmeldung eines Hundes zur Hundesteuer');
    assert.equal(row.org_unit_id, w.unit.id, 'organisationsEinheitenId (short code) routes to the unit');
    const applicant = row.applicant as unknown as Applicant;
    assert.deepEqual(applicant.mailbox, { identifier: 'osi-postfach-4711-abcd', type: 'osi', rawType: 'OSI', accountType: 'OSI', trustLevel: 'STORK-QAA-Level-3', level: 'substantial' });
    assert.equal(applicant.lastName, 'Müller-Lüdenscheidt');
    assert.equal(applicant.address?.city, 'Kiel');
    const kinds = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('attachments').select(['kind', 'file_name']).where('case_id', '=', answer.vorgangId).orderBy('file_name').execute());
    assert.deepEqual(kinds, [
      { kind: 'representation', file_name: 'Antrag.pdf' },
      { kind: 'attachment', file_name: 'Foto.png' },
      { kind: 'attachment', file_name: 'Sachkundenachweis.pdf' },
    ]);
  });

  it('answers a retry with the same case under /api/intake/ozg-cloud/antrag as well', async () => {
    const w = await intakeWorld(t, { ags: '01003002' });
    const doc = ozgDocument();
    const send = () => {
      const body = ozgBody(doc);
      return h.app.inject({ method: 'POST', url: '/api/intake/ozg-cloud/antrag', headers: { ...w.headers, ...body.headers }, payload: body.payload });
    };
    const first = await send();
    const second = await send();
    assert.equal(first.statusCode, 201);
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().vorgangId, first.json().vorgangId);
    assert.equal(second.json().created, false);
  });

  it('50 parallel retries of one submission produce exactly one case', async () => {
    const w = await intakeWorld(t, { ags: '01003003' });
    const doc = ozgDocument();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => {
        const body = ozgBody(doc, [{ name: 'attachment', filename: 'Nachweis.pdf', data: PDF }]);
        return h.app.inject({ method: 'POST', url: '/antrag', headers: { ...w.headers, ...body.headers }, payload: body.payload });
      }),
    );
    assert.ok(results.every((r) => r.statusCode === 200 || r.statusCode === 201), results.map((r) => r.statusCode).join(','));
    assert.equal(new Set(results.map((r) => r.json().vorgangId)).size, 1);
    assert.equal(results.filter((r) => r.statusCode === 201).length, 1);
    const rows = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('cases').select('id').where('transaction_id', '=', doc.control.transactionId).execute());
    assert.equal(rows.length, 1);
    const files = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('attachments').select('id').where('case_id', '=', rows[0]!.id).execute());
    assert.equal(files.length, 1);
  });

  it('a platform form server is routed by zustaendigeStelle (AGS); an unknown one is parked, and a retry finds it parked', async () => {
    const w = await intakeWorld(t, { ags: '01003004', leikaKey: '99001001001004' });
    const headers = await platformHeaders(t);
    const routed = ozgBody(ozgDocument({ control: { zustaendigeStelle: '01003004', leikaIds: ['99001001001004'] } }));
    const ok = await h.app.inject({ method: 'POST', url: '/antrag', headers: { ...headers, ...routed.headers }, payload: routed.payload });
    assert.equal(ok.statusCode, 201, ok.body);
    const kase = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('cases').select('id').where('id', '=', ok.json().vorgangId).executeTakeFirst());
    assert.ok(kase);
    const lostDoc = ozgDocument({ control: { zustaendigeStelle: '09162000', leikaIds: ['99001001001004'] } });
    const send = () => {
      const b = ozgBody(lostDoc);
      return h.app.inject({ method: 'POST', url: '/antrag', headers: { ...headers, ...b.headers }, payload: b.payload });
    };
    const parked = await send();
    assert.equal(parked.statusCode, 202);
    assert.equal(parked.json().status, 'unrouted');
    const again = await send();
    assert.equal(again.json().eingangId, parked.json().eingangId);
  });
});
