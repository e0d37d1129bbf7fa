import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { call, deskTenant, driveTo } from '../../../test/case-kit.js';
import { createCase } from '../../../test/factories.js';
import { closedCase, recordsOffice, type RecordsOffice } from '../../../test/destruction-kit.js';
import { withTenant } from '../../db/database.js';
import { BUILT_IN_RULE } from '../rules.js';
import { destructionCandidates } from './repository.js';

/*
 * Migration 0063 stores each case's retention due date, maintained by the database. It must always
 * equal what the proposal computed before from closed_at, the last decision sent and the rules
 * (REFERENCE below is that query, verbatim) — after closing, reopening, a decision, rule changes —
 * and the proposal that reads the stored date by index must propose exactly the same cases.
 */
const REFERENCE = (asOf: Date, limit: number) => sql<{ case_id: string; case_number: string; service_name: string; appraisal: string; due_at: Date }>`
    SELECT * FROM (
      SELECT c.id AS case_id, c.case_number, s.name AS service_name,
             coalesce(rs.appraisal, rd.appraisal, ${BUILT_IN_RULE.appraisal}::text) AS appraisal,
             retention_due_at(
               c.closed_at,
               (SELECT max(d.sent_at) FROM decisions d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id),
               coalesce(rs.starts_at, rd.starts_at, ${BUILT_IN_RULE.startsAt}::text),
               coalesce(rs.period_months, rd.period_months, ${BUILT_IN_RULE.periodMonths}::int)) AS due_at
      FROM cases c
      JOIN services s ON s.tenant_id = c.tenant_id AND s.id = c.service_id
      LEFT JOIN retention_rules rs ON rs.tenant_id = c.tenant_id AND rs.service_id = c.service_id
      LEFT JOIN retention_rules rd ON rd.tenant_id = c.tenant_id AND rd.service_id IS NULL
      WHERE c.status IN ('closed', 'deletion_requested')
        AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = c.tenant_id AND h.case_id = c.id AND h.released_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM destruction_list_entries e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.state = 'included')
        AND NOT EXISTS (SELECT 1 FROM purge_orders p WHERE p.tenant_id = c.tenant_id AND p.case_id = c.id)
    ) due
    WHERE due_at <= ${asOf}
    ORDER BY due_at, case_number
    LIMIT ${limit}`;

describeEachDatabase('the stored retention due date', (t) => {
  let h: TestApp;
  let o: RecordsOffice;
  const caseIds: string[] = [];

  before(async () => {
    h = await createTestApp(t.db);
    o = await recordsOffice(t, h);
  });
  after(() => h.close());

  /** Every case of the tenant whose stored due date differs from the reference computation. */
  async function mismatches(tenantId: string) {
    return t.adminQuery<{ id: string; stored: Date | null; computed: Date | null }>(`
      SELECT c.id, c.retention_due_at AS stored, CASE WHEN c.status IN ('closed', 'deletion_requested') THEN retention_due_at(
               c.closed_at,
               (SELECT max(d.sent_at) FROM decisions d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id),
               coalesce(rs.starts_at, rd.starts_at, $2), coalesce(rs.period_months, rd.period_months, $3::int)) END AS computed
      FROM cases c
      LEFT JOIN retention_rules rs ON rs.tenant_id = c.tenant_id AND rs.service_id = c.service_id
      LEFT JOIN retention_rules rd ON rd.tenant_id = c.tenant_id AND rd.service_id IS NULL
      WHERE c.tenant_id = $1 AND c.retention_due_at IS DISTINCT FROM (CASE WHEN c.status IN ('closed', 'deletion_requested') THEN retention_due_at(
               c.closed_at,
               (SELECT max(d.sent_at) FROM decisions d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id),
               coalesce(rs.starts_at, rd.starts_at, $2), coalesce(rs.period_months, rd.period_months, $3::int)) END)`,
    [tenantId, BUILT_IN_RULE.startsAt, BUILT_IN_RULE.periodMonths]);
  }
  const storedDue = async (caseId: string) =>
    (await t.adminQuery<{ d: Date | null }>('select retention_due_at as d from cases where id = $1', [caseId]))[0]!.d;

  it('is right after closing, a decision, rule changes and reopening', async () => {
    const open = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id });
    assert.equal(await storedDue(open.id), null, 'an open case has no due date');
    const closed = await closedCase(t, h, o);
    const archivedClosed = await closedCase(t, h, o, o.archived.id);
    caseIds.push(closed.id, archivedClosed.id);
    assert.ok(await storedDue(closed.id), 'closing sets it');
    assert.deepEqual(await mismatches(o.tenant.id), [], 'after closing');

    // The service's rule now runs from the final decision, for 24 months; a decision is sent.
    const put = await call(h.app, 'PUT', `/api/admin/retention-rules/services/${o.archived.id}`, o.admin, { periodMonths: 24, startsAt: 'decision_final', appraisal: 'A' });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(await mismatches(o.tenant.id), [], 'after a service rule changed');
    const before = await storedDue(archivedClosed.id);
    await t.adminQuery(`insert into decisions (id, tenant_id, case_id, kind, source, status, requires_release, created_by_name, sent_at)
      values (gen_random_uuid(), $1, $2, 'approval', 'upload', 'sent', false, 'Test', now() + interval '90 days')`, [o.tenant.id, archivedClosed.id]);
    assert.notDeepEqual(await storedDue(archivedClosed.id), before, 'a decision sent later moves the start');
    assert.deepEqual(await mismatches(o.tenant.id), [], 'after a decision was sent');

    // The tenant's default rule changes; the service rule is removed (the default applies again).
    await call(h.app, 'PUT', '/api/admin/retention-rules/default', o.admin, { periodMonths: 60, startsAt: 'closed', appraisal: 'B' });
    assert.deepEqual(await mismatches(o.tenant.id), [], 'after the default rule changed');
    const removed = await call(h.app, 'DELETE', `/api/admin/retention-rules/services/${o.archived.id}`, o.admin);
    assert.ok(removed.status < 300, JSON.stringify(removed.body));
    assert.deepEqual(await mismatches(o.tenant.id), [], 'after the service rule was removed');

    // Reopened: no due date; closed again: from the new closing.
    const reopenedVersion = (await t.adminQuery<{ version: number }>('select version from cases where id = $1', [closed.id]))[0]!.version;
    const reopen = await call(h.app, 'POST', `/api/cases/${closed.id}/transitions`, o.headers, { action: 'reopen', version: reopenedVersion });
    assert.equal(reopen.status, 200, JSON.stringify(reopen.body));
    assert.equal(await storedDue(closed.id), null, 'reopening clears it');
    assert.deepEqual(await mismatches(o.tenant.id), [], 'after reopening');
  });

  it('a tenant without rules: the built-in rule', async () => {
    const desk = await deskTenant(t.db);
    const kase = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    await driveTo(h.app, desk.headers, kase.id, 'closed', desk.otherUnit.id);
    assert.ok(await storedDue(kase.id));
    assert.deepEqual(await mismatches(desk.tenant.id), []);
  });

  it('the proposal by index proposes exactly what the full computation did', async () => {
    for (let i = 0; i < 4; i++) caseIds.push((await closedCase(t, h, o, i % 2 ? o.archived.id : o.service.id)).id);
    await t.adminQuery(`update cases set closed_at = closed_at - ($2 || ' months')::interval where id = any($1::uuid[])`, [`{${caseIds.join(',')}}`, '3']);
    let nonEmpty = 0;
    for (const months of [0, 12, 58, 61, 64, 80, 200]) {
      const asOf = new Date(Date.now() + months * 30.5 * 86_400_000);
      for (const limit of [2, 500]) {
        const [byIndex, reference] = await withTenant(t.db, { tenantId: o.tenant.id }, async (trx) =>
          [await destructionCandidates(trx, asOf, limit), (await REFERENCE(asOf, limit).execute(trx)).rows]);
        assert.deepEqual(byIndex, reference, `as of ${months} months, limit ${limit}`);
        if (byIndex.length) nonEmpty++;
      }
    }
    assert.ok(nonEmpty >= 4, 'some dates propose cases');
  });
});
