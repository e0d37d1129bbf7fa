import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, tokenHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createService, createTenant } from '../../test/factories.js';
import { withTenant } from '../db/database.js';

describeEachDatabase('tenant administration: org units and services', (t) => {
  let ta: TestApp;
  before(async () => {
    ta = await createTestApp(t.db);
  });
  after(() => ta.close());

  async function adminOfNewTenant() {
    const tenant = await createTenant(t.db);
    return { tenant, headers: await sessionHeaders(t.db, { id: tenant.adminUserId, tenant }) };
  }
  const eventTypes = async (tenantId: string) =>
    (await withTenant(t.db, { tenantId }, (trx) => trx.selectFrom('case_events').select('type').orderBy('seq').execute())).map((e) => e.type);

  it('creates and renames org units; a short code is unique per tenant (409 naming shortCode)', async () => {
    const { tenant, headers } = await adminOfNewTenant();
    const created = await ta.app.inject({ method: 'POST', url: '/api/admin/org-units', headers, payload: { name: 'Ordnungsamt', shortCode: 'oa' } });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().shortCode, 'OA');
    const dup = await ta.app.inject({ method: 'POST', url: '/api/admin/org-units', headers, payload: { name: 'Ortsamt', shortCode: 'OA' } });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().code, 'duplicate');
    assert.equal(dup.json().field, 'shortCode');
    const other = await ta.app.inject({ method: 'POST', url: '/api/admin/org-units', headers, payload: { name: 'Bauamt', shortCode: 'BA' } });
    const clash = await ta.app.inject({ method: 'PATCH', url: `/api/admin/org-units/${other.json().id}`, headers, payload: { shortCode: 'OA' } });
    assert.equal(clash.statusCode, 409);
    const renamed = await ta.app.inject({ method: 'PATCH', url: `/api/admin/org-units/${created.json().id}`, headers, payload: { name: 'Ordnungs- und Gewerbeamt' } });
    assert.equal(renamed.statusCode, 200);
    assert.equal(renamed.json().name, 'Ordnungs- und Gewerbeamt');
    // The same short code is fine in another municipality.
    const elsewhere = await adminOfNewTenant();
    assert.equal((await ta.app.inject({ method: 'POST', url: '/api/admin/org-units', headers: elsewhere.headers, payload: { name: 'Ordnungsamt', shortCode: 'OA' } })).statusCode, 201);
    assert.deepEqual((await eventTypes(tenant.id)).filter((e) => e.startsWith('org_unit.')), ['org_unit.created', 'org_unit.created', 'org_unit.updated']);
    const list = await ta.app.inject({ method: 'GET', url: '/api/org-units', headers });
    assert.deepEqual(list.json().items.map((u: { shortCode: string }) => u.shortCode).sort(), ['BA', 'OA']);
  });

  it('creates services with a 14-digit LeiKa key routed to an org unit, and re-routes them', async () => {
    const { tenant, headers } = await adminOfNewTenant();
    const ordnungsamt = await createOrgUnit(t.db, { tenant, name: 'Ordnungsamt' });
    const steueramt = await createOrgUnit(t.db, { tenant, name: 'Steueramt' });
    const res = await ta.app.inject({
      method: 'POST',
      url: '/api/admin/services',
      headers,
      payload: { leikaKey: '99050012104000', name: 'Gewerbeanmeldung', orgUnitId: ordnungsamt.id },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(res.json().orgUnit, { id: ordnungsamt.id, name: 'Ordnungsamt' });
    const moved = await ta.app.inject({ method: 'PATCH', url: `/api/admin/services/${res.json().id}`, headers, payload: { orgUnitId: steueramt.id } });
    assert.equal(moved.statusCode, 200);
    assert.equal(moved.json().orgUnit.id, steueramt.id);
    assert.deepEqual((await eventTypes(tenant.id)).filter((e) => e.startsWith('service.')), ['service.created', 'service.updated']);
    const directory = await ta.app.inject({ method: 'GET', url: '/api/services', headers: await tokenHeaders(t.db, tenant.id, ['cases:read']) });
    assert.deepEqual(directory.json().items, [{ id: res.json().id, name: 'Gewerbeanmeldung', leikaKey: '99050012104000', orgUnitId: steueramt.id }]);
  });

  it('refuses a LeiKa key that is not 14 digits, in German naming leikaKey, and duplicates', async () => {
    const { tenant, headers } = await adminOfNewTenant();
    const unit = await createOrgUnit(t.db, { tenant });
    for (const leikaKey of ['9905001210400', '9905001210400X', '990500121040001']) {
      const res = await ta.app.inject({ method: 'POST', url: '/api/admin/services', headers, payload: { leikaKey, name: 'Hundesteuer', orgUnitId: unit.id } });
      assert.equal(res.statusCode, 400, leikaKey);
      assert.equal(res.json().field, 'leikaKey');
      assert.match(res.json().detail, /14 Ziffern/);
    }
    const first = await ta.app.inject({ method: 'POST', url: '/api/admin/services', headers, payload: { leikaKey: '99012345678901', name: 'Hundesteuer', orgUnitId: unit.id } });
    assert.equal(first.statusCode, 201);
    const dup = await ta.app.inject({ method: 'POST', url: '/api/admin/services', headers, payload: { leikaKey: '99012345678901', name: 'Doppelt', orgUnitId: unit.id } });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().field, 'leikaKey');
  });

  it('tenant B’s services and org units are 404 for tenant A’s admin, also as routing target', async () => {
    const a = await adminOfNewTenant();
    const unitOfA = await createOrgUnit(t.db, { tenant: a.tenant });
    const serviceOfB = await createService(t.db);
    const unitOfB = serviceOfB.orgUnitId;
    const patchService = await ta.app.inject({ method: 'PATCH', url: `/api/admin/services/${serviceOfB.id}`, headers: a.headers, payload: { name: 'Gekapert' } });
    assert.equal(patchService.statusCode, 404);
    const patchUnit = await ta.app.inject({ method: 'PATCH', url: `/api/admin/org-units/${unitOfB}`, headers: a.headers, payload: { name: 'Gekapert' } });
    assert.equal(patchUnit.statusCode, 404);
    const routeToB = await ta.app.inject({
      method: 'POST',
      url: '/api/admin/services',
      headers: a.headers,
      payload: { leikaKey: '99000000000001', name: 'Test', orgUnitId: unitOfB },
    });
    assert.equal(routeToB.statusCode, 404);
    assert.equal(routeToB.json().field, 'orgUnitId');
    const list = await ta.app.inject({ method: 'GET', url: '/api/admin/services', headers: a.headers });
    assert.equal(list.json().items.length, 0);
    assert.equal((await ta.app.inject({ method: 'GET', url: '/api/org-units', headers: a.headers })).json().items[0].id, unitOfA.id);
  });

  it('a malformed id answers 400 naming the field, an unknown one 404 in German', async () => {
    const { headers } = await adminOfNewTenant();
    const malformed = await ta.app.inject({ method: 'PATCH', url: '/api/admin/services/kein-uuid', headers, payload: { name: 'x' } });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().field, 'id');
    const unknown = await ta.app.inject({ method: 'PATCH', url: `/api/admin/services/${crypto.randomUUID()}`, headers, payload: { name: 'x' } });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().detail, /nicht gefunden/);
  });
});
