import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createCase } from '../../test/factories.js';
import { call } from '../../test/case-kit.js';
import { clientHeaders, fachverfahrenTenant, registerFachverfahren, requestToken } from '../../test/fachverfahren-kit.js';
import { withTenant } from '../db/database.js';

const ALL = ['cases:read', 'cases:write', 'cases:assign'];

describeEachDatabase('Fachverfahren: credentials, scopes and the client policy', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h?.close());

  async function world() {
    const w = await fachverfahrenTenant(t.db);
    const fv = await registerFachverfahren(h.app, w.headers.admin, { name: 'Gewerberegister', scopes: ALL, serviceIds: [w.service.id] });
    return { ...w, fv };
  }

  /** The case as stored: status, version, hand-over (to show that a refusal changed nothing). */
  const stateOf = (tenantId: string, caseId: string) => withTenant(t.db, { tenantId }, (trx) =>
    trx.selectFrom('cases').select(['status', 'version', 'handler_client_id']).where('id', '=', caseId).executeTakeFirstOrThrow());

  it('the token endpoint answers as RFC 6749 says: Bearer token, no-store; errors with the RFC codes', async () => {
    const w = await world();
    const ok = await requestToken(h.app, w.fv);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().token_type, 'Bearer');
    assert.equal(ok.json().expires_in, h.config.clientTokenTtlSeconds);
    assert.equal(ok.json().scope, ALL.join(' '));
    assert.equal(ok.headers['cache-control'], 'no-store');
    const viaForm = await h.app.inject({
      method: 'POST', url: '/api/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'client_credentials', client_id: w.fv.clientId, client_secret: w.fv.secret, scope: 'cases:read' }).toString(),
    });
    assert.equal(viaForm.statusCode, 200, viaForm.body);
    assert.equal(viaForm.json().scope, 'cases:read');

    const wrongSecret = await requestToken(h.app, { clientId: w.fv.clientId, secret: 'adks_falsch' });
    assert.equal(wrongSecret.statusCode, 401);
    assert.equal(wrongSecret.json().error, 'invalid_client');
    assert.match(String(wrongSecret.headers['www-authenticate']), /^Basic/);
    const grant = await requestToken(h.app, w.fv, { grant_type: 'password' });
    assert.deepEqual([grant.statusCode, grant.json().error], [400, 'unsupported_grant_type']);
    const scope = await requestToken(h.app, w.fv, { grant_type: 'client_credentials', scope: 'cases:read admin:manage' });
    assert.deepEqual([scope.statusCode, scope.json().error], [400, 'invalid_scope']);
    const missing = await requestToken(h.app, w.fv, {});
    assert.deepEqual([missing.statusCode, missing.json().error], [400, 'invalid_request']);
    const json = await h.app.inject({ method: 'POST', url: '/api/oauth/token', payload: { grant_type: 'client_credentials', client_id: w.fv.clientId, client_secret: w.fv.secret } });
    assert.deepEqual([json.statusCode, json.json().error], [400, 'invalid_request']);
  });

  it('rotating the secret ends the old secret and every token; revoking ends all and gives its cases back to the desk', async () => {
    const w = await world();
    const client = await clientHeaders(h.app, w.fv);
    const kase = await createCase(t.db, { tenant: w.tenant, serviceId: w.service.id });
    assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/handover`, client, { version: 1 })).status, 200);

    const rotated = await call(h.app, 'POST', `/api/admin/fachverfahren/${w.fv.id}/secret`, w.headers.admin);
    assert.equal(rotated.status, 200);
    assert.equal((await requestToken(h.app, w.fv)).statusCode, 401, 'old secret');
    assert.equal((await call(h.app, 'GET', '/api/cases', client)).status, 401, 'old token');
    const fresh = await clientHeaders(h.app, { clientId: w.fv.clientId, secret: rotated.body.clientSecret });
    assert.equal((await call(h.app, 'GET', '/api/cases', fresh)).status, 200);
    const listed = await call(h.app, 'GET', '/api/admin/fachverfahren', w.headers.admin);
    assert.ok(!JSON.stringify(listed.body).includes(rotated.body.clientSecret), 'the secret is never listed');

    assert.equal((await call(h.app, 'DELETE', `/api/admin/fachverfahren/${w.fv.id}`, w.headers.admin)).status, 204);
    const refused = await call(h.app, 'GET', '/api/cases', fresh);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal((await stateOf(w.tenant.id, kase.id)).handler_client_id, null);
  });

  it('wrong scope, unassigned service, another tenant\'s case, stale version: German problem+json, nothing changes', async () => {
    const w = await world();
    const other = await world();
    const readOnly = await clientHeaders(h.app, w.fv, 'cases:read');
    const client = await clientHeaders(h.app, w.fv);
    const mine = await createCase(t.db, { tenant: w.tenant, serviceId: w.service.id });
    const unassigned = await createCase(t.db, { tenant: w.tenant, serviceId: w.otherService.id });
    const foreign = await createCase(t.db, { tenant: other.tenant, serviceId: other.service.id });

    const scope = await call(h.app, 'POST', `/api/cases/${mine.id}/handover`, readOnly, { version: 1 });
    assert.equal(scope.status, 403);
    assert.equal(scope.body.code, 'forbidden');
    assert.match(scope.body.title, /Berechtigung/);

    for (const kase of [unassigned, foreign]) {
      for (const [method, path, body] of [['GET', '', undefined], ['POST', '/handover', { version: 1 }], ['GET', '/events', undefined], ['POST', '/notes', { body: 'x' }]] as const) {
        const res = await call(h.app, method, `/api/cases/${kase.id}${path}`, client, body);
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.body.code, 'not_found');
      }
    }
    assert.deepEqual((await call(h.app, 'GET', '/api/cases', client)).body.items.map((c: { id: string }) => c.id), [mine.id]);
    assert.equal((await call(h.app, 'GET', '/api/cases/counts', client)).body.total, 1, 'counts see its services only');

    const stale = await call(h.app, 'POST', `/api/cases/${mine.id}/handover`, client, { version: 7 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.code, 'version_conflict');
    assert.match(stale.body.detail, /zwischenzeitlich/);
    for (const [tenantId, id] of [[w.tenant.id, mine.id], [w.tenant.id, unassigned.id], [other.tenant.id, foreign.id]] as const) {
      assert.deepEqual(await stateOf(tenantId, id), { status: 'new', version: 1, handler_client_id: null });
    }
    const events = (await call(h.app, 'GET', `/api/cases/${mine.id}/events`, w.headers.desk)).body.items.map((e: { type: string }) => e.type);
    assert.deepEqual(events, ['case.created']);
  });

  it('a Fachverfahren reaches only the documented case operations, never statistics or administration', async () => {
    const w = await world();
    const client = await clientHeaders(h.app, w.fv);
    for (const path of ['/api/stats/dashboard', '/api/admin/fachverfahren', '/api/views', '/api/follow-ups']) {
      const res = await call(h.app, 'GET', path, client);
      assert.equal(res.status, 403, path);
      assert.match(res.body.detail, /Fachverfahren nicht zur Verfügung/);
    }
  });

  it('registration checks its input: webhook through the SSRF guard, known services, unique names; nothing stored on refusal', async () => {
    const w = await world();
    const internal = await call(h.app, 'POST', '/api/admin/fachverfahren', w.headers.admin, { name: 'Intern', scopes: ['cases:read'], serviceIds: [], webhookUrl: 'https://169.254.169.254/hook' });
    assert.equal(internal.status, 422);
    assert.equal(internal.body.code, 'url_not_allowed');
    assert.equal(internal.body.field, 'webhookUrl');
    const unknown = await call(h.app, 'POST', '/api/admin/fachverfahren', w.headers.admin, { name: 'X', scopes: ['cases:read'], serviceIds: ['00000000-0000-7000-8000-000000000000'] });
    assert.deepEqual([unknown.status, unknown.body.field], [422, 'serviceIds']);
    const machine = await call(h.app, 'POST', '/api/admin/fachverfahren', w.headers.admin, { name: 'Y', scopes: ['admin:manage'], serviceIds: [] });
    assert.equal(machine.status, 400);
    const twice = await call(h.app, 'POST', '/api/admin/fachverfahren', w.headers.admin, { name: 'gewerberegister', scopes: ['cases:read'], serviceIds: [] });
    assert.equal(twice.body.code, 'duplicate');
    const notHandled = await call(h.app, 'PUT', `/api/admin/fachverfahren-routing/${w.otherService.id}`, w.headers.admin, { newCasesTo: 'fachverfahren', clientId: w.fv.id });
    assert.deepEqual([notHandled.status, notHandled.body.field], [422, 'clientId']);
    const listed = (await call(h.app, 'GET', '/api/admin/fachverfahren', w.headers.admin)).body.items;
    assert.deepEqual(listed.map((c: { name: string }) => c.name), ['Gewerberegister']);
  });
});
