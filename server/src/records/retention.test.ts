import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { call, deskTenant, driveTo } from '../../test/case-kit.js';
import { createCase, createService, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { listDueCases } from './service.js';

const monthsAfter = (iso: string, months: number) => {
  const d = new Date(iso);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString();
};

describeEachDatabase('retention: rules per service, due dates and legal holds', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  /** A tenant with a caseworker, an admin and a records officer. */
  async function office() {
    const desk = await deskTenant(t.db);
    const admin = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['admin'] }));
    const records = await sessionHeaders(t.db, await createUser(t.db, { tenant: desk.tenant, roles: ['records'], displayName: 'Rita Registratur' }));
    return { ...desk, admin, records };
  }

  async function closedCase(o: Awaited<ReturnType<typeof office>>, serviceId = o.service.id) {
    const kase = await createCase(t.db, { tenant: o.tenant, serviceId, orgUnitId: o.unit.id });
    await driveTo(h.app, o.headers, kase.id, 'closed', o.otherUnit.id);
    return kase;
  }

  it('an admin sets the default and a service rule; the overview and the history show them', async () => {
    const o = await office();
    const initial = await call(h.app, 'GET', '/api/admin/retention-rules', o.admin);
    assert.equal(initial.status, 200);
    assert.equal(initial.body.defaultRule.builtIn, true, 'without a setting the built-in rule applies');
    assert.deepEqual(initial.body.defaultRule.rule, { periodMonths: 120, startsAt: 'closed', appraisal: 'B' });

    const def = await call(h.app, 'PUT', '/api/admin/retention-rules/default', o.admin, { periodMonths: 72, startsAt: 'closed', appraisal: 'V' });
    assert.equal(def.status, 200, JSON.stringify(def.body));
    assert.equal(def.body.defaultRule.builtIn, false);
    const own = await call(h.app, 'PUT', `/api/admin/retention-rules/services/${o.service.id}`, o.admin, { periodMonths: 360, startsAt: 'decision_final', appraisal: 'A' });
    assert.equal(own.status, 200);
    const row = own.body.services.find((s: { serviceId: string }) => s.serviceId === o.service.id);
    assert.deepEqual(row.rule, { periodMonths: 360, startsAt: 'decision_final', appraisal: 'A' });

    const events = await withTenant(t.db, { tenantId: o.tenant.id }, (trx) =>
      trx.selectFrom('case_events').select(['type', 'data']).where('type', '=', 'retention_rule.updated').orderBy('seq').execute());
    assert.equal(events.length, 2);
    assert.deepEqual((events[1]!.data as { after: unknown }).after, { periodMonths: 360, startsAt: 'decision_final', appraisal: 'A' });

    const removed = await call(h.app, 'DELETE', `/api/admin/retention-rules/services/${o.service.id}`, o.admin);
    assert.equal(removed.body.services.find((s: { serviceId: string }) => s.serviceId === o.service.id).rule, null, 'the default applies again');
  });

  it('a bad rule is refused naming the field and changes nothing; only admins set rules', async () => {
    const o = await office();
    const bad = await call(h.app, 'PUT', '/api/admin/retention-rules/default', o.admin, { periodMonths: 60, startsAt: 'irgendwann', appraisal: 'V' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, 'startsAt');
    assert.match(bad.body.detail, /Fristbeginn/);
    assert.equal((await call(h.app, 'GET', '/api/admin/retention-rules', o.admin)).body.defaultRule.builtIn, true, 'nothing stored');
    for (const headers of [o.headers, o.records]) {
      assert.equal((await call(h.app, 'PUT', '/api/admin/retention-rules/default', headers, { periodMonths: 1, startsAt: 'closed', appraisal: 'V' })).status, 403);
    }
  });

  it('every case shows its due date: none while open, closing date plus the period of its rule once closed', async () => {
    const o = await office();
    await call(h.app, 'PUT', '/api/admin/retention-rules/default', o.admin, { periodMonths: 60, startsAt: 'closed', appraisal: 'V' });
    const open = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id });
    const openRetention = await call(h.app, 'GET', `/api/cases/${open.id}/retention`, o.headers);
    assert.equal(openRetention.status, 200);
    assert.equal(openRetention.body.dueAt, null);
    assert.equal(openRetention.body.periodStartedAt, null);

    const kase = await closedCase(o);
    const retention = (await call(h.app, 'GET', `/api/cases/${kase.id}/retention`, o.headers)).body;
    assert.equal(retention.ruleSource, 'tenant');
    assert.ok(retention.periodStartedAt, 'the period started when the case was closed');
    assert.equal(retention.dueAt, monthsAfter(retention.periodStartedAt, 60));

    const other = await createService(t.db, { tenant: o.tenant, orgUnitId: o.unit.id, name: 'Gewerbeanmeldung' });
    await call(h.app, 'PUT', `/api/admin/retention-rules/services/${other.id}`, o.admin, { periodMonths: 12, startsAt: 'closed', appraisal: 'A' });
    const trade = await closedCase(o, other.id);
    const tradeRetention = (await call(h.app, 'GET', `/api/cases/${trade.id}/retention`, o.headers)).body;
    assert.equal(tradeRetention.ruleSource, 'service');
    assert.equal(tradeRetention.dueAt, monthsAfter(tradeRetention.periodStartedAt, 12));

    // Reopening stops the clock; it starts again at the next closing.
    await call(h.app, 'POST', `/api/cases/${kase.id}/transitions`, o.headers, { action: 'reopen', version: 5 });
    assert.equal((await call(h.app, 'GET', `/api/cases/${kase.id}/retention`, o.headers)).body.dueAt, null);
  });

  it('"decision final" runs from one month after the decision was deemed notified (sent + 4 days), never before closing', async () => {
    const rows = await withTenant(t.db, { tenantId: (await createCase(t.db)).tenant.id }, async (trx) => (await sql<{ due: Date; fallback: Date; early: Date }>`
      SELECT retention_due_at('2026-03-10T00:00:00Z', '2026-01-02T00:00:00Z', 'decision_final', 24) AS due,
             retention_due_at('2026-03-10T00:00:00Z', NULL, 'decision_final', 24) AS fallback,
             retention_due_at('2026-01-05T00:00:00Z', '2026-01-02T00:00:00Z', 'decision_final', 24) AS early`.execute(trx)).rows[0]!);
    assert.equal(new Date(rows.due).toISOString(), '2028-03-10T00:00:00.000Z', 'closing after finality: from closing');
    assert.equal(new Date(rows.fallback).toISOString(), '2028-03-10T00:00:00.000Z', 'no decision sent: from closing');
    assert.equal(new Date(rows.early).toISOString(), '2028-02-06T00:00:00.000Z', 'sent 2 Jan → notified 6 Jan → final 6 Feb');
  });

  it('legal holds: only the records role sets and releases them, with reasons, recorded in the history', async () => {
    const o = await office();
    const kase = await closedCase(o);
    const url = `/api/cases/${kase.id}/legal-holds`;
    assert.equal((await call(h.app, 'POST', url, o.headers, { reason: 'Klage' })).status, 403, 'caseworkers cannot');
    assert.equal((await call(h.app, 'POST', url, o.admin, { reason: 'Klage' })).status, 403, 'admins do not get records rights by default');
    const empty = await call(h.app, 'POST', url, o.records, { reason: '  ' });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.field, 'reason');

    const set = await call(h.app, 'POST', url, o.records, { reason: 'Klageverfahren VG Schleswig, Az. 1 A 23/26' });
    assert.equal(set.status, 201, JSON.stringify(set.body));
    const again = await call(h.app, 'POST', url, o.records, { reason: 'Prüfung durch den Rechnungshof' });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'legal_hold_exists');

    const held = (await call(h.app, 'GET', `/api/cases/${kase.id}/retention`, o.records)).body;
    assert.equal(held.onHold, true);
    assert.equal(held.canManageHolds, true);
    assert.equal(held.holds[0].setByName, 'Rita Registratur');
    assert.equal((await call(h.app, 'GET', `/api/cases/${kase.id}/retention`, o.headers)).body.canManageHolds, false);

    const noReason = await call(h.app, 'POST', `${url}/${set.body.holdId}/release`, o.records, { reason: '' });
    assert.equal(noReason.status, 400);
    assert.equal((await call(h.app, 'GET', `/api/cases/${kase.id}/retention`, o.records)).body.onHold, true, 'a refused release changes nothing');
    assert.equal((await call(h.app, 'POST', `${url}/${set.body.holdId}/release`, o.records, { reason: 'Verfahren rechtskräftig abgeschlossen' })).status, 204);
    const released = (await call(h.app, 'GET', `/api/cases/${kase.id}/retention`, o.records)).body;
    assert.equal(released.onHold, false);
    assert.equal(released.holds[0].releaseReason, 'Verfahren rechtskräftig abgeschlossen');
    assert.equal((await call(h.app, 'POST', `${url}/${set.body.holdId}/release`, o.records, { reason: 'nochmal' })).status, 404, 'a released hold cannot be released again');

    const history = await call(h.app, 'GET', `/api/cases/${kase.id}/events`, o.headers);
    const types = history.body.items.map((e: { type: string }) => e.type);
    assert.ok(types.includes('legal_hold.set') && types.includes('legal_hold.released'), types.join(','));
  });

  it('the due list has closed cases whose period ended, flags held ones, and leaves out open and younger cases', async () => {
    const o = await office();
    await call(h.app, 'PUT', '/api/admin/retention-rules/default', o.admin, { periodMonths: 24, startsAt: 'closed', appraisal: 'V' });
    const due = await closedCase(o);
    const held = await closedCase(o);
    await call(h.app, 'POST', `/api/cases/${held.id}/legal-holds`, o.records, { reason: 'Prüfung' });
    await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id });
    const young = await createService(t.db, { tenant: o.tenant, orgUnitId: o.unit.id });
    await call(h.app, 'PUT', `/api/admin/retention-rules/services/${young.id}`, o.admin, { periodMonths: 120, startsAt: 'closed', appraisal: 'A' });
    await closedCase(o, young.id);

    const inThreeYears = new Date(Date.now() + 3 * 365 * 86_400_000);
    const list = await listDueCases(t.db, o.tenant.id, inThreeYears);
    assert.deepEqual(list.map((c) => [c.id, c.on_hold, c.appraisal]).sort(), [[due.id, false, 'V'], [held.id, true, 'V']].sort());
    assert.deepEqual(await listDueCases(t.db, o.tenant.id, new Date()), [], 'nothing is due today');
  });

  it("another tenant's case answers 404, also to its records officer", async () => {
    const a = await office();
    const b = await office();
    const kase = await closedCase(a);
    assert.equal((await call(h.app, 'GET', `/api/cases/${kase.id}/retention`, b.records)).status, 404);
    assert.equal((await call(h.app, 'POST', `/api/cases/${kase.id}/legal-holds`, b.records, { reason: 'fremd' })).status, 404);
    assert.equal((await call(h.app, 'PUT', `/api/admin/retention-rules/services/${a.service.id}`, b.admin, { periodMonths: 1, startsAt: 'closed', appraisal: 'V' })).status, 404);
  });

  it('API keys cannot carry records or data-protection rights (admins do not hold them either)', async () => {
    const o = await office();
    const res = await call(h.app, 'POST', '/api/admin/api-tokens', o.admin, { name: 'Registratur-Anbindung', scopes: ['records:manage'] });
    assert.equal(res.status, 400);
    assert.equal(res.body.field, 'scopes');
  });
});
