import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { createCase, createTenant, createUser } from '../../test/factories.js';
import { startRegisterStandin } from '../../test/register-standin.js';

const MAIER = {
  kind: 'person' as const, firstName: 'Anna', lastName: 'Maier', dateOfBirth: '1985-07-02',
  address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' },
};
const LEGAL = { legalBasis: '§ 34 Abs. 1 BMG', purpose: 'Prüfung der Hundehaltung (Hundesteuer)' };
const searchFor = { kind: 'search', lastName: 'Maier', firstName: 'Anna', birthDate: '1985-07-02' };

describeEachDatabase('register queries', (t) => {
  it('a query against the stand-in shows the register record beside the application with differences, and lands in the access log', async () => {
    const gateway = await startRegisterStandin({ token: 'reg-token' });
    const h = await createTestApp(t.db, { registerGateway: { url: gateway.url, token: 'reg-token', timeoutMs: 2000 } });
    try {
      const w = await deskTenant(t.db);
      const kase = await createCase(t.db, { tenant: w.tenant, serviceId: w.service.id, applicant: MAIER });
      const res = await call(h.app, 'POST', `/api/cases/${kase.id}/register-queries`, w.headers, { register: 'residents', ...LEGAL, query: searchFor });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.results.length, 1, 'Maier finds Meier by sound, narrowed by first name and birth date');
      const [hit] = res.body.results;
      assert.equal(hit.record.lastName, 'Meier');
      const byField = Object.fromEntries(hit.differences.map((d: { field: string }) => [d.field, d]));
      assert.deepEqual(byField.lastName, { field: 'lastName', label: 'Nachname', application: 'Maier', register: 'Meier', differs: true });
      assert.equal(byField.firstName.differs, false);
      assert.equal(byField.street.differs, false);

      // The gateway got who asks and why.
      assert.equal(gateway.requests.length, 1);
      assert.equal(gateway.requests[0]!.authorization, 'Bearer reg-token');
      assert.deepEqual({ legalBasis: gateway.requests[0]!.body.legalBasis, purpose: gateway.requests[0]!.body.purpose }, LEGAL);
      assert.equal(gateway.requests[0]!.body.requester.caseNumber, kase.caseNumber);

      // The access log (admin view) names who, when, which case, and the query with its legal basis.
      const admin = await createUser(t.db, { tenant: w.tenant, roles: ['admin'] });
      const log = await call(h.app, 'GET', `/api/access-log?caseNumber=${encodeURIComponent(kase.caseNumber)}`, await sessionHeaders(t.db, admin));
      assert.equal(log.status, 200, JSON.stringify(log.body));
      const entry = log.body.items.find((e: { action: string }) => e.action === 'register_queried');
      assert.ok(entry, 'the query is in the access log');
      assert.equal(entry.actor.name, 'Max Sachbearbeiter');
      assert.equal(entry.caseId, kase.id);
      assert.ok(Date.now() - Date.parse(entry.at) < 60_000);
      assert.deepEqual({ legalBasis: entry.legalBasis, purpose: entry.purpose }, LEGAL);
      assert.equal(entry.objectId, res.body.id);
      const queries = await call(h.app, 'GET', `/api/cases/${kase.id}/register-queries`, w.headers);
      assert.equal(queries.body.items.length, 1);
      assert.deepEqual({ legalBasis: queries.body.items[0].legalBasis, purpose: queries.body.items[0].purpose, actor: queries.body.items[0].actorName, hits: queries.body.items[0].hits },
        { ...LEGAL, actor: 'Max Sachbearbeiter', hits: 1 });

      const byId = await call(h.app, 'POST', `/api/cases/${kase.id}/register-queries`, w.headers, { register: 'companies', ...LEGAL, query: { kind: 'identifier', identifier: 'HRB 4711 KI'.replace(/ /g, '_') } });
      assert.equal(byId.status, 200, JSON.stringify(byId.body));
      assert.deepEqual(byId.body.results, [], 'an unknown identifier is an answer with no record');
    } finally {
      await h.close();
      await gateway.close();
    }
  });

  it('no legal basis, another tenant\'s case or a reader: refused before the register is asked; gateway down: a clear message and nothing recorded', async () => {
    const gateway = await startRegisterStandin();
    const h = await createTestApp(t.db, { registerGateway: { url: gateway.url, timeoutMs: 2000 } });
    try {
      const w = await deskTenant(t.db);
      const kase = await createCase(t.db, { tenant: w.tenant, serviceId: w.service.id, applicant: MAIER });
      const nothingRecorded = async () => {
        const rows = await t.adminQuery<{ n: number }>(`select (select count(*) from register_queries where tenant_id = $1)::int + (select count(*) from access_log where tenant_id = $1 and action = 'register_queried')::int as n`, [w.tenant.id]);
        assert.equal(rows[0]!.n, 0);
      };
      const blank = await call(h.app, 'POST', `/api/cases/${kase.id}/register-queries`, w.headers, { register: 'residents', legalBasis: '  ', purpose: LEGAL.purpose, query: searchFor });
      assert.equal(blank.status, 400);
      assert.equal(blank.body.field, 'legalBasis');
      assert.match(blank.body.detail, /Rechtsgrundlage/);
      const missing = await call(h.app, 'POST', `/api/cases/${kase.id}/register-queries`, w.headers, { register: 'residents', purpose: LEGAL.purpose, query: searchFor });
      assert.equal(missing.status, 400);
      const other = await deskTenant(t.db, { tenant: await createTenant(t.db) });
      assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/register-queries`, other.headers, { register: 'residents', ...LEGAL, query: searchFor })).status, 404);
      const reader = await createUser(t.db, { tenant: w.tenant, roles: ['reader'] });
      assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/register-queries`, await sessionHeaders(t.db, reader), { register: 'residents', ...LEGAL, query: searchFor })).status, 403);
      assert.equal(gateway.requests.length, 0, 'the register was never asked');
      await nothingRecorded();

      gateway.setDown(true);
      const down = await call(h.app, 'POST', `/api/cases/${kase.id}/register-queries`, w.headers, { register: 'residents', ...LEGAL, query: searchFor });
      assert.equal(down.status, 503);
      assert.equal(down.body.code, 'register_unavailable');
      assert.match(down.body.detail, /nicht erreichbar/);
      await nothingRecorded();
    } finally {
      await h.close();
      await gateway.close();
    }
  });
});
