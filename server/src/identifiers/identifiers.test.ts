import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createOrgUnit, createTenant, createUser } from '../../test/factories.js';
import { createOperator } from '../auth/operators.js';
import { createOperatorSession, CSRF_HEADER, SESSION_COOKIE } from '../auth/sessions.js';
import type { Database } from '../db/database.js';

let n = 0;
const unique = () => `${Date.now() % 1e6}${n++}`;

async function operatorHeaders(db: Database) {
  const op = await createOperator(db, { email: `betrieb-${unique()}@rechenzentrum.example`, displayName: 'Betrieb', password: 'ein-langes-passwort-1' });
  const session = await createOperatorSession(db, op.id, 1);
  return { cookie: `${SESSION_COOKIE}=${session.token}`, [CSRF_HEADER]: session.csrfToken };
}

/** A municipality with one org unit and a signed-in admin. */
async function world(db: Database, name: string) {
  const tenant = await createTenant(db, { name });
  const unit = await createOrgUnit(db, { tenant, name: 'Gewerbeamt', shortCode: `GA${unique()}` });
  const admin = await createUser(db, { tenant, roles: ['admin'] });
  return { tenant, unit, headers: await sessionHeaders(db, admin) };
}

describeEachDatabase('routing identifiers: admins and operators maintain them', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    h.app.inject({ method, url: `/api${url}`, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('an admin adds identifiers for the municipality and an org unit, lists and deletes them', async () => {
    const a = await world(t.db, 'Stadt Flensburg');
    const value = `19${unique()}`;
    const whole = await call('POST', '/admin/routing-identifiers', a.headers, { scheme: 'ozg_zustaendige_stelle', value: ` ${value} ` });
    assert.equal(whole.statusCode, 201, whole.body);
    assert.equal(whole.json().value, value, 'stored trimmed');
    assert.equal(whole.json().orgUnitId, null);
    const unit = await call('POST', '/admin/routing-identifiers', a.headers, { scheme: 'ozg_organisationseinheit', value: `OE-${value}`, orgUnitId: a.unit.id });
    assert.equal(unit.statusCode, 201, unit.body);
    const list = await call('GET', '/admin/routing-identifiers', a.headers);
    assert.deepEqual(list.json().items.map((i: { value: string; orgUnitId: string | null }) => [i.value, i.orgUnitId]).sort(), [[value, null], [`OE-${value}`, a.unit.id]].sort());
    assert.deepEqual(list.json().orgUnits.map((u: { id: string }) => u.id), [a.unit.id]);
    const gone = await call('DELETE', `/admin/routing-identifiers/${whole.json().id}`, a.headers);
    assert.equal(gone.statusCode, 204);
    assert.equal((await call('GET', '/admin/routing-identifiers', a.headers)).json().items.length, 1);
  });

  it('an identifier of another municipality is refused with 409: the admin is not told whose, the operator is', async () => {
    const a = await world(t.db, 'Stadt Schleswig');
    const b = await world(t.db, 'Gemeinde Harrislee');
    const value = `ZS-${unique()}`;
    assert.equal((await call('POST', '/admin/routing-identifiers', a.headers, { scheme: 'ozg_zustaendige_stelle', value })).statusCode, 201);

    const byAdmin = await call('POST', '/admin/routing-identifiers', b.headers, { scheme: 'ozg_zustaendige_stelle', value: value.toLowerCase() });
    assert.equal(byAdmin.statusCode, 409, 'the same value in other case is the same identifier');
    assert.equal(byAdmin.json().code, 'identifier_conflict');
    assert.equal(byAdmin.json().field, 'value');
    assert.match(byAdmin.json().detail, /bereits einer anderen Stelle zugeordnet/);
    assert.doesNotMatch(byAdmin.body, /Schleswig/);
    assert.equal(byAdmin.json().otherTenantId, undefined);

    const operator = await operatorHeaders(t.db);
    const byOperator = await call('POST', `/platform/tenants/${b.tenant.id}/routing-identifiers`, operator, { scheme: 'ozg_zustaendige_stelle', value });
    assert.equal(byOperator.statusCode, 409);
    assert.match(byOperator.json().detail, /der Kommune „Stadt Schleswig“ zugeordnet/);

    // Another scheme is another identifier: the same digits may be an intelliForm client elsewhere.
    assert.equal((await call('POST', '/admin/routing-identifiers', b.headers, { scheme: 'intelliform_client', value })).statusCode, 201);
    const again = await call('POST', '/admin/routing-identifiers', a.headers, { scheme: 'ozg_zustaendige_stelle', value });
    assert.equal(again.statusCode, 409, 'a duplicate in the own municipality');
    assert.equal(again.json().code, 'duplicate');
  });

  it('another municipality\'s identifier answers 404 and stays; its list is not shown', async () => {
    const a = await world(t.db, 'Amt Hürup');
    const b = await world(t.db, 'Amt Langballig');
    const made = await call('POST', '/admin/routing-identifiers', a.headers, { scheme: 'pvog_organisation', value: `P${unique()}` });
    assert.equal((await call('DELETE', `/admin/routing-identifiers/${made.json().id}`, b.headers)).statusCode, 404);
    assert.equal((await call('GET', '/admin/routing-identifiers', b.headers)).json().items.length, 0);
    assert.equal((await call('GET', '/admin/routing-identifiers', a.headers)).json().items.length, 1);
    const otherUnit = await call('POST', '/admin/routing-identifiers', b.headers, { scheme: 'pvog_organisation', value: `Q${unique()}`, orgUnitId: a.unit.id });
    assert.equal(otherUnit.statusCode, 404);
    assert.equal(otherUnit.json().field, 'orgUnitId');
  });

  it('bad input is refused naming the field, in German, and stores nothing', async () => {
    const a = await world(t.db, 'Gemeinde Glücksburg');
    const scheme = await call('POST', '/admin/routing-identifiers', a.headers, { scheme: 'postleitzahl', value: '24960' });
    assert.equal(scheme.statusCode, 400);
    assert.equal(scheme.json().field, 'scheme');
    assert.match(scheme.json().detail, /unzulässigen Wert/);
    const uuid = await call('POST', '/admin/routing-identifiers', a.headers, { scheme: 'fit_connect_destination', value: 'kein-zustellpunkt' });
    assert.equal(uuid.statusCode, 400);
    assert.equal(uuid.json().field, 'value');
    assert.match(uuid.json().detail, /UUID/);
    const blank = await call('POST', '/admin/routing-identifiers', a.headers, { scheme: 'pvog_organisation', value: '   ' });
    assert.equal(blank.statusCode, 400);
    assert.equal(blank.json().field, 'value');
    assert.equal((await call('GET', '/admin/routing-identifiers', a.headers)).json().items.length, 0);
  });

  it('caseworkers, unknown tenants and tenant users on the operator routes are refused', async () => {
    const a = await world(t.db, 'Gemeinde Wees');
    const caseworker = await createUser(t.db, { tenant: a.tenant, roles: ['caseworker'] });
    assert.equal((await call('GET', '/admin/routing-identifiers', await sessionHeaders(t.db, caseworker))).statusCode, 403);
    assert.equal((await call('GET', `/platform/tenants/${a.tenant.id}/routing-identifiers`, a.headers)).statusCode, 403);
    const operator = await operatorHeaders(t.db);
    assert.equal((await call('GET', '/platform/tenants/01890000-0000-7000-8000-000000000000/routing-identifiers', operator)).statusCode, 404);
    const listed = await call('GET', `/platform/tenants/${a.tenant.id}/routing-identifiers`, operator);
    assert.equal(listed.statusCode, 200);
    assert.equal(listed.json().orgUnits[0].id, a.unit.id);
  });
});
