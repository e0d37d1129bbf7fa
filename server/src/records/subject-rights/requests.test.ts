import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { call, deskTenant } from '../../../test/case-kit.js';
import { createCase, createUser } from '../../../test/factories.js';
import { withTenant } from '../../db/database.js';
import { verifyTenantChain } from '../../events/verify.js';

describeEachDatabase('data-subject rights: correction (Art. 16) and early erasure with four-eyes (Art. 17)', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  async function office() {
    const o = await deskTenant(t.db);
    const privacy = await sessionHeaders(t.db, await createUser(t.db, { tenant: o.tenant, roles: ['privacy'], displayName: 'Dana Datenschutz' }));
    const second = await sessionHeaders(t.db, await createUser(t.db, { tenant: o.tenant, roles: ['privacy'], displayName: 'Paul Prüfer' }));
    const admin = await sessionHeaders(t.db, await createUser(t.db, { tenant: o.tenant, roles: ['admin'] }));
    const records = await sessionHeaders(t.db, await createUser(t.db, { tenant: o.tenant, roles: ['records'] }));
    const kase = await createCase(t.db, {
      tenant: o.tenant, serviceId: o.service.id,
      applicant: { kind: 'person', firstName: 'Anna', lastName: 'Schmidt', email: 'anna.falsch@example.org' },
      formData: [{ name: 'kontakt', label: 'Kontakt', formItems: [{ name: 'email', label: 'E-Mail', stringValue: 'anna.falsch@example.org' }, { name: 'hinweis', label: 'Hinweis', stringValue: 'Bitte an anna.falsch@example.org schreiben' }] }],
    });
    return { ...o, privacy, second, admin, records, kase };
  }

  const purgeOrders = (tenantId: string) => withTenant(t.db, { tenantId }, (trx) => trx.selectFrom('purge_orders').select(['case_id', 'list_id', 'approved_by', 'reason']).execute());

  it('a correction replaces the value in the current data and is recorded in the history with its reason', async () => {
    const o = await office();
    const res = await call(h.app, 'POST', `/api/privacy/cases/${o.kase.id}/corrections`, o.privacy, { field: 'email', value: 'anna.richtig@example.org', reason: 'Antrag der Person vom 1. Dezember' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const detail = await call(h.app, 'GET', `/api/cases/${o.kase.id}`, o.headers);
    assert.equal(detail.body.applicant.email, 'anna.richtig@example.org');
    assert.equal(detail.body.formData[0].formItems[0].stringValue, 'anna.richtig@example.org', 'the form field it came from too');
    assert.equal(detail.body.formData[0].formItems[1].stringValue, 'Bitte an anna.falsch@example.org schreiben', 'free text is not rewritten');
    const events = await call(h.app, 'GET', `/api/cases/${o.kase.id}/events`, o.headers);
    const corrected = events.body.items.find((e: { type: string }) => e.type === 'case.applicant_corrected');
    assert.ok(corrected, 'in the history');
    assert.equal(corrected.data.field, 'email');
    assert.equal(corrected.data.reason, 'Antrag der Person vom 1. Dezember');
    assert.ok(!JSON.stringify(corrected).includes('anna.falsch'), 'the history does not keep the wrong value');
    assert.equal((await verifyTenantChain(t.db, o.tenant.id)).ok, true, 'hash-chained');

    const bad = await call(h.app, 'POST', `/api/privacy/cases/${o.kase.id}/corrections`, o.privacy, { field: 'email', value: 'keine-adresse', reason: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'value');
    const noReason = await call(h.app, 'POST', `/api/privacy/cases/${o.kase.id}/corrections`, o.privacy, { field: 'lastName', value: 'Schulz', reason: '  ' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.field, 'reason');
    assert.equal((await call(h.app, 'GET', `/api/cases/${o.kase.id}`, o.headers)).body.applicant.lastName, 'Schmidt', 'nothing changed');
  });

  it('erasure needs a second, different privacy officer; then the purge is ordered and the history has both steps', async () => {
    const o = await office();
    const requested = await call(h.app, 'POST', `/api/privacy/cases/${o.kase.id}/erasure-requests`, o.privacy, { reason: 'Widerruf der Einwilligung' });
    assert.equal(requested.status, 201, JSON.stringify(requested.body));
    const again = await call(h.app, 'POST', `/api/privacy/cases/${o.kase.id}/erasure-requests`, o.second, { reason: 'doppelt' });
    assert.equal(again.body.code, 'erasure_request_exists');

    const self = await call(h.app, 'POST', `/api/privacy/erasure-requests/${requested.body.id}/confirm`, o.privacy);
    assert.equal(self.status, 409);
    assert.equal(self.body.code, 'erasure_four_eyes');
    assert.match(self.body.detail, /zweite Person/);
    assert.deepEqual(await purgeOrders(o.tenant.id), [], 'nothing ordered');

    const list = await call(h.app, 'GET', '/api/privacy/erasure-requests', o.second);
    assert.equal(list.body.items[0].state, 'requested');
    assert.equal(list.body.items[0].mine, false);
    const confirmed = await call(h.app, 'POST', `/api/privacy/erasure-requests/${requested.body.id}/confirm`, o.second);
    assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
    assert.equal(confirmed.body.state, 'confirmed');
    const orders = await purgeOrders(o.tenant.id);
    assert.equal(orders.length, 1);
    assert.equal(orders[0]!.case_id, o.kase.id);
    assert.equal(orders[0]!.list_id, null, 'an erasure without a destruction list');
    assert.deepEqual(orders[0]!.approved_by, ['Dana Datenschutz', 'Paul Prüfer']);
    const types = (await call(h.app, 'GET', `/api/cases/${o.kase.id}/events`, o.headers)).body.items.map((e: { type: string }) => e.type);
    assert.ok(types.includes('erasure.requested') && types.includes('erasure.confirmed'));
  });

  it('a case under legal hold is refused, at the request and at the confirmation', async () => {
    const o = await office();
    const held = await call(h.app, 'POST', `/api/cases/${o.kase.id}/legal-holds`, o.records, { reason: 'Klageverfahren' });
    assert.equal(held.status, 201);
    const refused = await call(h.app, 'POST', `/api/privacy/cases/${o.kase.id}/erasure-requests`, o.privacy, { reason: 'Antrag der Person' });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'erasure_case_on_hold');
    assert.match(refused.body.detail, /Aufbewahrungssperre/);

    const other = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id });
    const requested = await call(h.app, 'POST', `/api/privacy/cases/${other.id}/erasure-requests`, o.privacy, { reason: 'Antrag der Person' });
    assert.equal(requested.status, 201);
    await call(h.app, 'POST', `/api/cases/${other.id}/legal-holds`, o.records, { reason: 'Prüfung des Rechnungshofs' });
    const late = await call(h.app, 'POST', `/api/privacy/erasure-requests/${requested.body.id}/confirm`, o.second);
    assert.equal(late.body.code, 'erasure_case_on_hold');
    assert.deepEqual(await purgeOrders(o.tenant.id), [], 'nothing ordered');
  });

  it("another tenant's ids answer 404; without the privacy role 403", async () => {
    const a = await office();
    const b = await office();
    const requested = await call(h.app, 'POST', `/api/privacy/cases/${a.kase.id}/erasure-requests`, a.privacy, { reason: 'Antrag der Person' });
    assert.equal((await call(h.app, 'POST', `/api/privacy/erasure-requests/${requested.body.id}/confirm`, b.second)).status, 404);
    assert.equal((await call(h.app, 'POST', `/api/privacy/cases/${a.kase.id}/erasure-requests`, b.privacy, { reason: 'x' })).status, 404);
    assert.equal((await call(h.app, 'POST', `/api/privacy/cases/${a.kase.id}/corrections`, b.privacy, { field: 'lastName', value: 'Schulz', reason: 'x' })).status, 404);
    for (const headers of [a.headers, a.admin, a.records]) {
      assert.equal((await call(h.app, 'POST', `/api/privacy/cases/${a.kase.id}/corrections`, headers, { field: 'lastName', value: 'Schulz', reason: 'x' })).status, 403);
      assert.equal((await call(h.app, 'POST', `/api/privacy/erasure-requests/${requested.body.id}/confirm`, headers)).status, 403);
      assert.equal((await call(h.app, 'GET', '/api/privacy/erasure-requests', headers)).status, 403);
    }
    assert.deepEqual(await purgeOrders(a.tenant.id), []);
    assert.equal((await call(h.app, 'GET', `/api/cases/${a.kase.id}`, a.headers)).body.applicant.lastName, 'Schmidt');
  });
});
