import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../../test/app.js';
import { createOrgUnit, createService, createTenant, createUser } from '../../../test/factories.js';
import { intelliformPostkorbDeposit, LEIKA_GEWERBE, LEIKA_MELDEBESCHEINIGUNG, ozgCompanyApplication } from '../../../test/fixtures/applicants.js';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/database.js';
import type { Applicant } from '../../db/schema.js';
import { verifyTenantChain } from '../../events/verify.js';
import { multipart } from '../../../test/intake-kit.js';

let n = 0;
const unique = () => `${Date.now() % 1e5}${n++}`;

/** A municipality with the trade registration and the residence certificate, an admin and an intake key. */
async function world(db: Database, name: string) {
  const tenant = await createTenant(db, { name });
  const unit = await createOrgUnit(db, { tenant, name: 'Gewerbeamt', shortCode: `GA${unique()}` });
  const gewerbe = await createService(db, { tenant, orgUnitId: unit.id, leikaKey: LEIKA_GEWERBE, name: 'Gewerbeanmeldung' });
  const melde = await createService(db, { tenant, orgUnitId: unit.id, leikaKey: LEIKA_MELDEBESCHEINIGUNG, name: 'Meldebescheinigung' });
  const admin = await createUser(db, { tenant, roles: ['admin'] });
  const caseworker = await createUser(db, { tenant, roles: ['caseworker'], orgUnitIds: [unit.id] });
  return { tenant, unit, gewerbe, melde, admin: await sessionHeaders(db, admin), caseworker: await sessionHeaders(db, caseworker), intake: await tokenHeaders(db, tenant.id, ['intake:submit']) };
}

describeEachDatabase('applicant contact mapping: from the data that arrives, per service', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  const sendOzg = async (w: Awaited<ReturnType<typeof world>>, doc = ozgCompanyApplication()) => {
    const body = multipart([{ name: 'formData', contentType: 'application/json', data: JSON.stringify(doc) }]);
    const res = await h.app.inject({ method: 'POST', url: '/antrag', headers: { ...w.intake, ...body.headers }, payload: body.payload });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().vorgangId as string;
  };
  const caseRow = (w: Awaited<ReturnType<typeof world>>, id: string) =>
    withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('cases').select(['applicant', 'applicant_name', 'version']).where('id', '=', id).executeTakeFirstOrThrow());
  const api = (method: 'GET' | 'PUT' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    h.app.inject({ method, url: `/api${url}`, headers, ...(payload ? { payload } : {}) });

  it('an OZG /antrag from an organisation account: kind organisation, the e-mail of the form, Postfach and trust level of the account', async () => {
    const w = await world(t.db, 'Landeshauptstadt Kiel');
    const row = await caseRow(w, await sendOzg(w));
    const applicant = row.applicant as unknown as Applicant;
    assert.equal(applicant.kind, 'organisation');
    assert.equal(row.applicant_name, 'Nordlicht Solartechnik GmbH');
    assert.equal(applicant.email, 'gewerbe@nordlicht-solar.example');
    assert.equal(applicant.mailbox?.identifier, 'osi-uk-5d2c9e10-7b4a-4f1e-9c3d-2a8b6e0f4c11');
    assert.equal(applicant.mailbox?.type, 'osi');
    assert.equal(applicant.mailbox?.accountKind, 'organisation');
    assert.equal(applicant.mailbox?.trustLevel, 'STORK-QAA-Level-3');
    assert.equal(applicant.mailbox?.level, 'substantial');
  });

  it('an intelliForm deposit with a BayernID Postkorb reference: a person, mailadresse as e-mail, the Postkorb and its login level', async () => {
    const w = await world(t.db, 'Landeshauptstadt München');
    const token = w.intake.authorization!.slice('Bearer '.length);
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, payload: intelliformPostkorbDeposit({ token }) });
    assert.equal(res.statusCode, 200, res.body);
    const id = /<key>caseId<\/key>\s*<value>([0-9a-f-]{36})<\/value>/.exec(res.body)?.[1] ?? /([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(res.body)![1]!;
    const row = await caseRow(w, id);
    const applicant = row.applicant as unknown as Applicant;
    assert.equal(applicant.kind, 'person');
    assert.equal(row.applicant_name, 'Huber, Maximilian');
    assert.equal(applicant.email, 'm.huber@posteo.example');
    assert.equal(applicant.phone, '089 3074 2218');
    assert.equal(applicant.dateOfBirth, '1985-07-14');
    assert.deepEqual(applicant.mailbox, { identifier: 'pk-0c41e8b2-5a7d-4e63-b1f9-8d2a7c3e9f50', type: 'bayernid', rawType: 'POSTKORB', accountType: 'BAYERN_ID', trustLevel: 'STORK-QAA-Level-3', level: 'substantial' });
  });

  it('the admin previews a mapping on a received case (a missing field is a warning and stays empty), saves it, and new cases follow it', async () => {
    const w = await world(t.db, 'Stadt Neumünster');
    const first = await sendOzg(w);
    const state = await api('GET', `/admin/services/${w.gewerbe.id}/applicant-mapping`, w.admin);
    assert.equal(state.statusCode, 200, state.body);
    assert.equal(state.json().saved, false);
    assert.deepEqual(state.json().cases.map((c: { id: string }) => c.id), [first]);

    const mapping = { useDefaults: false, fields: { email: 'kontaktdaten/E-Mail', phone: 'kontaktdaten/mobil' } };
    const preview = await api('POST', `/admin/services/${w.gewerbe.id}/applicant-mapping/preview`, w.admin, { caseId: first, mapping });
    assert.equal(preview.statusCode, 200, preview.body);
    const p = preview.json();
    assert.equal(p.applicant.email, 'gewerbe@nordlicht-solar.example');
    assert.equal(p.applicant.phone, undefined);
    assert.deepEqual(p.warnings.map((x: { field: string; path: string }) => [x.field, x.path]), [['phone', 'kontaktdaten/mobil']]);
    assert.ok(p.fields.some((f: { path: string }) => f.path === 'kontaktdaten/telefon'), 'the case\'s field paths to choose from');
    assert.equal((await caseRow(w, first)).applicant_name, 'Nordlicht Solartechnik GmbH', 'a preview stores nothing');

    const saved = await api('PUT', `/admin/services/${w.gewerbe.id}/applicant-mapping`, w.admin, mapping);
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().saved, true);
    const next = (await caseRow(w, await sendOzg(w))).applicant as unknown as Applicant;
    assert.equal(next.email, 'gewerbe@nordlicht-solar.example');
    assert.equal(next.organisationName, undefined, 'useDefaults false: only the mapped fields');
    assert.equal(next.kind, 'organisation', 'the organisation account still decides the kind');
    assert.equal(next.mailbox?.type, 'osi');
  });

  it('re-applying is explicit and audited: open cases change, with a chained history event, and search follows the new name', async () => {
    const w = await world(t.db, 'Stadt Rendsburg');
    const id = await sendOzg(w);
    const before = await caseRow(w, id);
    // This form system's „person_oder_firma“ means a company only with the value „juristisch“.
    const mapping = { useDefaults: true, kind: { path: 'person_oder_firma', organisationValues: ['juristisch'] }, fields: {} };
    assert.equal((await api('PUT', `/admin/services/${w.gewerbe.id}/applicant-mapping`, w.admin, mapping)).statusCode, 200);
    assert.equal((await caseRow(w, id)).applicant_name, 'Nordlicht Solartechnik GmbH', 'saving alone changes no existing case');

    const run = await api('POST', `/admin/services/${w.gewerbe.id}/applicant-mapping/reapply`, w.admin, {});
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual(run.json(), { examined: 1, changed: 1, nextAfter: null });
    const after = await caseRow(w, id);
    assert.equal((after.applicant as unknown as Applicant).kind, 'person');
    assert.equal(after.applicant_name, 'Thordsen, Merle');
    assert.equal(after.version, before.version + 1);
    const found = await api('GET', '/cases?q=Thordsen', w.admin);
    assert.deepEqual(found.json().items.map((c: { id: string }) => c.id), [id]);

    const events = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('case_events').select(['type', 'case_id', 'data']).where('type', 'in', ['case.applicant_remapped', 'applicant_mapping.updated']).orderBy('seq').execute());
    assert.deepEqual(events.map((e) => [e.type, e.case_id]), [['applicant_mapping.updated', null], ['case.applicant_remapped', id]]);
    assert.deepEqual((events[1]!.data as { fields: string[] }).fields, ['kind'], 'field names only, no personal data in the history');
    assert.deepEqual((await verifyTenantChain(t.db, w.tenant.id)).problems, []);

    const again = await api('POST', `/admin/services/${w.gewerbe.id}/applicant-mapping/reapply`, w.admin, {});
    assert.deepEqual(again.json(), { examined: 1, changed: 0, nextAfter: null }, 'nothing left to change: no second event');
  });

  it('another municipality\'s service or case is not found (404); a caseworker may not; a broken path is a German 400 naming the field', async () => {
    const a = await world(t.db, 'Stadt Husum');
    const b = await world(t.db, 'Stadt Heide');
    const aCase = await sendOzg(a);
    const mapping = { useDefaults: true, fields: { email: 'kontaktdaten/E-Mail' } };
    for (const [method, suffix, payload] of [['GET', '', undefined], ['PUT', '', mapping], ['POST', '/preview', { caseId: aCase, mapping }], ['POST', '/reapply', {}]] as const) {
      const res = await api(method, `/admin/services/${a.gewerbe.id}/applicant-mapping${suffix}`, b.admin, payload);
      assert.equal(res.statusCode, 404, `${method} ${suffix}: ${res.body}`);
      assert.equal(res.json().code, 'not_found');
    }
    const foreignCase = await api('POST', `/admin/services/${b.gewerbe.id}/applicant-mapping/preview`, b.admin, { caseId: aCase, mapping });
    assert.equal(foreignCase.statusCode, 404);
    assert.equal(foreignCase.json().field, 'caseId');
    const otherService = await api('POST', `/admin/services/${a.melde.id}/applicant-mapping/preview`, a.admin, { caseId: aCase, mapping });
    assert.equal(otherService.statusCode, 404, 'a case of another service of the same municipality is not a preview case either');
    const stored = await t.adminQuery<{ n: number }>('select count(*)::int as n from applicant_mappings where service_id = $1', [a.gewerbe.id]);
    assert.equal(Number(stored[0]!.n), 0, 'nothing saved for A\'s service, in no municipality');

    assert.equal((await api('GET', `/admin/services/${a.gewerbe.id}/applicant-mapping`, a.caseworker)).statusCode, 403);
    const broken = await api('PUT', `/admin/services/${a.gewerbe.id}/applicant-mapping`, a.admin, { useDefaults: true, fields: { email: 'kontaktdaten//E-Mail' } });
    assert.equal(broken.statusCode, 400, broken.body);
    assert.equal(broken.json().code, 'validation_failed');
    assert.equal(broken.json().field, 'fields.email');
    assert.match(broken.json().detail, /leeren Abschnitt/);
  });
});
