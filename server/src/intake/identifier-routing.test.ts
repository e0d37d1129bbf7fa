import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createService, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';
import { registerFitDestination } from './fit-connect/destinations.js';
import { resolveRoute } from './routing.js';
import { createPlatformIntakeToken } from './sender-auth.js';
import { intakeWorld, multipart, ozgDocument, platformHeaders } from '../../test/intake-kit.js';
import { depositEnvelope } from '../../test/fixtures/intelliform.js';

const LEIKA_GEWERBE = '99050012104001';
const ozgBody = (doc: unknown) => multipart([{ name: 'formData', contentType: 'application/json', data: JSON.stringify(doc) }]);

describeEachDatabase('intake routes by the routing identifiers the admins maintain', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  /** A municipality offering the trade registration, with a Gewerbeamt next to its Steueramt and a signed-in admin. */
  async function municipality(ags: string) {
    const w = await intakeWorld(t, { ags, leikaKey: LEIKA_GEWERBE });
    const gewerbe = await createOrgUnit(t.db, { tenant: w.tenant, name: 'Gewerbeamt', shortCode: 'GEW' });
    const admin = await createUser(t.db, { tenant: w.tenant, roles: ['admin'] });
    return { ...w, gewerbe, admin: await sessionHeaders(t.db, admin) };
  }
  const map = async (admin: Record<string, string>, body: { scheme: string; value: string; orgUnitId?: string }) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/admin/routing-identifiers', headers: admin, payload: body });
    assert.equal(res.statusCode, 201, res.body);
  };
  const sendOzg = (headers: Record<string, string>, control: Record<string, unknown>) => {
    const body = ozgBody(ozgDocument({ control: { leikaIds: [LEIKA_GEWERBE], ...control } }));
    return h.app.inject({ method: 'POST', url: '/antrag', headers: { ...headers, ...body.headers }, payload: body.payload });
  };
  const caseOf = (tenantId: string, id: string) => withTenant(t.db, { tenantId }, (trx) => trx.selectFrom('cases').select(['id', 'org_unit_id']).where('id', '=', id).executeTakeFirst());

  it('an OZG /antrag from a platform form server with zustaendigeStelle "197008" lands in the mapped municipality and org unit instead of being parked', async () => {
    const flensburg = await municipality('01001000');
    await municipality('01002001'); // a second municipality offers the same service: the LeiKa key alone can't decide
    const platform = await platformHeaders(t);
    const control = { zustaendigeStelle: '197008', organisationsEinheitenId: '' };

    const before = await sendOzg(platform, control);
    assert.equal(before.statusCode, 202, 'unmapped: parked for the operators');
    assert.equal(before.json().status, 'unrouted');

    await map(flensburg.admin, { scheme: 'ozg_zustaendige_stelle', value: '197008', orgUnitId: flensburg.gewerbe.id });
    const after = await sendOzg(platform, control);
    assert.equal(after.statusCode, 201, after.body);
    const kase = await caseOf(flensburg.tenant.id, after.json().vorgangId);
    assert.equal(kase?.org_unit_id, flensburg.gewerbe.id, 'the mapped org unit, not the service\'s Steueramt');
  });

  it('a tenant-bound sender\'s organisationsEinheitenId resolves through the identifiers too', async () => {
    const w = await municipality('01003000');
    await map(w.admin, { scheme: 'pvog_organisation', value: '9000123', orgUnitId: w.gewerbe.id });
    const res = await sendOzg(w.headers, { zustaendigeStelle: '01003000', organisationsEinheitenId: '9000123' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await caseOf(w.tenant.id, res.json().vorgangId))?.org_unit_id, w.gewerbe.id);
    const unmapped = await sendOzg(w.headers, { zustaendigeStelle: '01003000', organisationsEinheitenId: '9000999' });
    assert.equal((await caseOf(w.tenant.id, unmapped.json().vorgangId))?.org_unit_id, w.unit.id, 'unknown: the service\'s org unit, as before');
  });

  it('identifiers naming two municipalities are not guessed: the submission is parked as ambiguous', async () => {
    const a = await municipality('01004000');
    const b = await municipality('01005000');
    await map(a.admin, { scheme: 'ozg_zustaendige_stelle', value: 'ZS-4000' });
    await map(b.admin, { scheme: 'ozg_organisationseinheit', value: 'OE-5000', orgUnitId: b.gewerbe.id });
    const res = await sendOzg(await platformHeaders(t), { zustaendigeStelle: 'ZS-4000', organisationsEinheitenId: 'OE-5000' });
    assert.equal(res.statusCode, 202, res.body);
    const parked = await t.adminQuery<{ reason_code: string }>(`select reason_code from unrouted_submissions where id = $1`, [res.json().eingangId]);
    assert.equal(parked[0]?.reason_code, 'ambiguous_identifier');
  });

  it('an intelliForm deposit is routed by its clientId mapped as an intelliForm client', async () => {
    const w = await intakeWorld(t, { ags: '09184000', leikaKey: '99104005000000' });
    await createService(t.db, { leikaKey: '99104005000000' }); // offered elsewhere too
    const bau = await createOrgUnit(t.db, { tenant: w.tenant, name: 'Bauamt', shortCode: 'BAU' });
    await map(await sessionHeaders(t.db, await createUser(t.db, { tenant: w.tenant, roles: ['admin'] })), { scheme: 'intelliform_client', value: '09162000', orgUnitId: bau.id });
    const { token } = await createPlatformIntakeToken(t.db, 'intelliForm Land');
    const xml = depositEnvelope({ token, customParameters: { zustaendigeStelle: '' } });
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, payload: xml });
    assert.equal(res.statusCode, 200, res.body);
    const cases = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('cases').select('org_unit_id').execute());
    assert.deepEqual(cases, [{ org_unit_id: bau.id }]);
  });

  it('a FIT-Connect destination mapped to an org unit routes its submissions there; registered elsewhere it cannot be mapped', async () => {
    const w = await municipality('01006000');
    const destinationId = uuidv7();
    await registerFitDestination(t.db, w.tenant.id, { destinationId, submissionApiUrl: 'https://submission-api.example', privateJwk: { kty: 'RSA' } });
    await map(w.admin, { scheme: 'fit_connect_destination', value: destinationId.toUpperCase(), orgUnitId: w.gewerbe.id });
    const hints = { authority: w.tenant.slug, leikaKeys: [LEIKA_GEWERBE], identifiers: [{ field: 'destinationId', value: destinationId, schemes: ['fit_connect_destination' as const] }] };
    const routed = await resolveRoute(t.db, hints);
    assert.ok(routed.ok);
    assert.equal(routed.route.orgUnitId, w.gewerbe.id);

    // A destination registered for w but never mapped as an identifier is still w's.
    const unmapped = uuidv7();
    await registerFitDestination(t.db, w.tenant.id, { destinationId: unmapped, submissionApiUrl: 'https://submission-api.example', privateJwk: { kty: 'RSA' } });
    const other = await municipality('01007000');
    const res = await h.app.inject({ method: 'POST', url: '/api/admin/routing-identifiers', headers: other.admin, payload: { scheme: 'fit_connect_destination', value: unmapped } });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'identifier_conflict');
  });
});
