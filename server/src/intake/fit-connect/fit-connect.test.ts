import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { createUser } from '../../../test/factories.js';
import { withTenant } from '../../db/database.js';
import type { Applicant, FormItem } from '../../db/schema.js';
import { PDF, PNG, intakeWorld, storedCounts } from '../../../test/intake-kit.js';
import { registerFitDestination } from './destinations.js';
import { FakeSubmissionApi, buildSubmission, destinationKeys } from '../../../test/fit-connect-standin.js';
import { startFitConnectPoller } from './poller.js';

const GEWERBE = {
  gewerbetreibender: { vorname: 'Aylin', nachname: 'Kaya', geburtsdatum: '1990-07-23', anschrift: { strasse: 'Kaiserstraße', hausnummer: '3', plz: '24143', ort: 'Kiel' } },
  betrieb: { bezeichnung: 'Kaya Fahrradreparatur', beginn: '2025-03-01', nebenerwerb: false, beschaeftigte: 2 },
  taetigkeiten: [{ beschreibung: 'Reparatur von Fahrrädern' }, { beschreibung: 'Verkauf von Ersatzteilen' }],
};
const FILES = [
  { filename: 'Gewerbeanmeldung.pdf', mimeType: 'application/pdf', purpose: 'form' as const, content: PDF },
  { filename: 'Personalausweis.png', mimeType: 'image/png', purpose: 'attachment' as const, content: PNG },
];

describeEachDatabase('intake channel d: FIT-Connect subscriber', (t) => {
  let h: TestApp;
  let api: FakeSubmissionApi;
  let keys: Awaited<ReturnType<typeof destinationKeys>>;
  let w: Awaited<ReturnType<typeof intakeWorld>>;
  const destinationId = randomUUID();
  before(async () => {
    h = await createTestApp(t.db);
    w = await intakeWorld(t, { ags: '01005001' });
    keys = await destinationKeys();
    api = new FakeSubmissionApi(destinationId);
    const url = await api.start();
    await registerFitDestination(t.db, w.tenant.id, { destinationId, submissionApiUrl: url, privateJwk: keys.privateJwk });
  });
  after(async () => {
    await api.stop();
    await h.close();
  });
  const poller = () => startFitConnectPoller({ db: t.db, blobs: h.blobs, config: h.config, intervalMs: 0 });

  it('polls, decrypts, validates and creates one case with verified attachments; a second poll adds nothing', async () => {
    const id = api.add(await buildSubmission(keys.publicKey, { data: GEWERBE, attachments: FILES }));
    assert.equal(await poller().runOnce(), 1);
    const kase = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('cases').selectAll().where('transaction_id', '=', id).executeTakeFirstOrThrow());
    assert.equal(kase.channel, 'fit-connect');
    assert.equal(kase.applicant_name, 'Kaya, Aylin');
    assert.deepEqual((kase.applicant as unknown as Applicant).mailbox, { identifier: 'sh/osi/4f1c-99ab', type: 'osi', rawType: 'FINK', accountType: 'https://servicekonto.example.org/' }, 'the FINK reference names the OSI Servicekonto');
    const form = kase.form_data as unknown as FormItem[];
    assert.equal(form.filter((i) => i.name === 'taetigkeiten').length, 2, 'arrays become repeated groups');
    assert.deepEqual(form[1]!.formItems!.slice(1, 4), [
      { name: 'beginn', label: 'beginn', dateValue: '2025-03-01' },
      { name: 'nebenerwerb', label: 'nebenerwerb', booleanValue: false },
      { name: 'beschaeftigte', label: 'beschaeftigte', numberValue: 2 },
    ]);
    const files = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('attachments').select(['kind', 'file_name', 'mime_type']).where('case_id', '=', kase.id).orderBy('file_name').execute());
    assert.deepEqual(files, [
      { kind: 'representation', file_name: 'Gewerbeanmeldung.pdf', mime_type: 'application/pdf' },
      { kind: 'attachment', file_name: 'Personalausweis.png', mime_type: 'image/png' },
      { kind: 'primary-data', file_name: 'fachdaten.json', mime_type: 'application/json' },
    ]);
    const before = await storedCounts(t);
    assert.equal(await poller().runOnce(), 0);
    assert.deepEqual(await storedCounts(t), before);
    api.submissions.delete(id);
  });

  it('the push endpoint fetches the announced submissions and answers per submission', async () => {
    const id = api.add(await buildSubmission(keys.publicKey, { data: GEWERBE, attachments: FILES.slice(0, 1) }));
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/fit-connect/submissions', headers: w.headers, payload: { destinationId, submissionIds: [id] } });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().items[0].status, 'created');
    assert.match(res.json().items[0].caseNumber, /^STA-/);
    api.submissions.delete(id);
  });

  const failures: Array<[string, () => Promise<Parameters<FakeSubmissionApi['add']>[0]>, RegExp]> = [
    ['an attachment whose hash does not match', () => buildSubmission(keys.publicKey, { data: GEWERBE, attachments: [{ ...FILES[1]!, tamper: true }] }), /Hashwert der Anlage „Personalausweis.png“/],
    ['form data whose hash does not match', () => buildSubmission(keys.publicKey, { data: GEWERBE, attachments: [], dataHashWrong: true }), /Hashwert der Fachdaten/],
    ['metadata that violate the schema', () => buildSubmission(keys.publicKey, { data: GEWERBE, attachments: [], metadataOverride: (m) => (m.contentStructure.data.hash.type = 'md5') }), /FIT-Connect-Schema/],
    ['markup declared as a PDF (issue #12)', () => buildSubmission(keys.publicKey, { data: GEWERBE, attachments: [{ filename: 'Nachweis.pdf', mimeType: 'application/pdf', purpose: 'attachment', content: Buffer.from('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>') }] }), /„Nachweis\.pdf“ ist als application\/pdf angegeben, enthält aber XHTML/],
    ['a submission encrypted for another key', async () => buildSubmission((await destinationKeys()).publicKey, { data: GEWERBE, attachments: [] }), /entschlüsseln/],
  ];
  for (const [name, build, reason] of failures) {
    it(`rejects ${name} with a clear reason, creates no case and parks it for the operators`, async () => {
      const id = api.add(await build());
      const before = await storedCounts(t);
      const res = await h.app.inject({ method: 'POST', url: '/api/intake/fit-connect/submissions', headers: w.headers, payload: { destinationId, submissionIds: [id] } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().items[0].status, 'rejected');
      assert.match(res.json().items[0].reason, reason);
      const after = await storedCounts(t);
      assert.equal(after.cases, before.cases);
      assert.equal(after.attachments, before.attachments);
      assert.equal(after.unrouted, before.unrouted + 1);
      api.submissions.delete(id);
    });
  }

  it('a tenant admin connects a destination; the key is never shown, and other tenants do not see it', async () => {
    const admin = await createUser(t.db, { tenant: w.tenant, roles: ['admin'] });
    const headers = await sessionHeaders(t.db, admin);
    const newId = randomUUID();
    const zustelldienst = new FakeSubmissionApi(newId);
    zustelldienst.publishEncryptionKey(keys.privateJwk);
    const created = await h.app.inject({ method: 'POST', url: '/api/admin/fit-connect/destinations', headers, payload: { destinationId: newId, submissionApiUrl: `${await zustelldienst.start()}/`, privateJwk: keys.privateJwk } });
    await zustelldienst.stop();
    assert.equal(created.statusCode, 201, created.body);
    const list = await h.app.inject({ method: 'GET', url: '/api/admin/fit-connect/destinations', headers });
    assert.ok(list.json().items.some((d: { destinationId: string }) => d.destinationId === newId));
    assert.ok(!list.body.includes(String(keys.privateJwk.d)), 'private key never returned');
    const bad = await h.app.inject({ method: 'POST', url: '/api/admin/fit-connect/destinations', headers, payload: { destinationId: randomUUID(), submissionApiUrl: 'https://x.example', privateJwk: { kty: 'RSA', n: 'abc', e: 'AQAB' } } });
    assert.equal(bad.statusCode, 400);
    const stranger = await createUser(t.db, { tenant: (await intakeWorld(t, { ags: '01005003' })).tenant, roles: ['admin'] });
    const theirs = await h.app.inject({ method: 'GET', url: '/api/admin/fit-connect/destinations', headers: await sessionHeaders(t.db, stranger) });
    assert.deepEqual(theirs.json().items, []);
  });

  it("connecting another tenant's destination answers exactly like an unknown destination", async () => {
    const owner = await createUser(t.db, { tenant: w.tenant, roles: ['admin'] });
    const strangerTenant = (await intakeWorld(t, { ags: '01005004' })).tenant;
    const stranger = await sessionHeaders(t.db, await createUser(t.db, { tenant: strangerTenant, roles: ['admin'] }));
    const takenId = randomUUID();
    const zustelldienst = new FakeSubmissionApi(takenId);
    zustelldienst.publishEncryptionKey(keys.privateJwk);
    const url = await zustelldienst.start();
    try {
      const connect = (headers: Record<string, string>, destinationId: string, privateJwk = keys.privateJwk) =>
        h.app.inject({ method: 'POST', url: '/api/admin/fit-connect/destinations', headers, payload: { destinationId, submissionApiUrl: url, privateJwk } });
      assert.equal((await connect(await sessionHeaders(t.db, owner), takenId)).statusCode, 201);
      const strangersKey = (await destinationKeys()).privateJwk;
      const unknown = await connect(stranger, randomUUID(), strangersKey);
      const taken = await connect(stranger, takenId, strangersKey);
      // Even holding the right key does not reveal that another tenant has connected it.
      const takenWithKey = await connect(stranger, takenId);
      const answer = (r: typeof unknown) => ({ status: r.statusCode, code: r.json().code, field: r.json().field, detail: r.json().detail });
      assert.equal(unknown.statusCode, 422, unknown.body);
      assert.deepEqual(answer(taken), answer(unknown));
      assert.deepEqual(answer(takenWithKey), answer(unknown));
      // The owner itself is told plainly that it is already connected.
      assert.equal((await connect(await sessionHeaders(t.db, owner), takenId)).statusCode, 409);
    } finally {
      await zustelldienst.stop();
    }
  });

  it('another tenant cannot announce submissions for this destination (404)', async () => {
    const other = await intakeWorld(t, { ags: '01005002' });
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/fit-connect/submissions', headers: other.headers, payload: { destinationId, submissionIds: [randomUUID()] } });
    assert.equal(res.statusCode, 404);
  });
});
