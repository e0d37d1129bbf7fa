import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createOrgUnit, createService, createTenant } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { formatCaseNumber, germanYear } from './numbering.js';
import { applicantNameOf, createCase as createCaseInService } from './service.js';

describe('case number pattern', () => {
  it('fills unit, year and the (zero-padded) sequence', () => {
    const parts = { unit: 'OA', year: 2026, seq: 7 };
    assert.equal(formatCaseNumber('{unit}-{yyyy}-{seq}', parts), 'OA-2026-7');
    assert.equal(formatCaseNumber('{yyyy}/{unit}/{seq:6}', parts), '2026/OA/000007');
  });

  it('counts years in German local time', () => {
    assert.equal(germanYear(new Date('2025-12-31T23:30:00Z')), 2026);
  });

  it('derives the applicant name', () => {
    assert.equal(applicantNameOf({ kind: 'person', firstName: 'Jürgen', lastName: 'Müller' }), 'Müller, Jürgen');
    assert.equal(applicantNameOf({ kind: 'organisation', organisationName: 'Bäckerei Krause GmbH' }), 'Bäckerei Krause GmbH');
  });
});

const system = { kind: 'system' as const, id: null, name: 'Test' };

describeEachDatabase('creating cases', (t) => {
  it('numbers cases from the tenant pattern, gap-free per year, with event and outbox notice', async () => {
    const tenant = await createTenant(t.db);
    await t.adminQuery(`update tenants set case_number_pattern = '{unit}-{yyyy}-{seq:5}' where id = $1`, [tenant.id]);
    const unit = await createOrgUnit(t.db, { tenant, shortCode: 'OA' });
    const service = await createService(t.db, { tenant, orgUnitId: unit.id, name: 'Baumfällgenehmigung' });
    const at = new Date('2026-03-02T10:00:00Z');
    const first = await createCase(t.db, { tenant, serviceId: service.id, receivedAt: at });
    const second = await createCase(t.db, { tenant, serviceId: service.id, receivedAt: at });
    const lastYear = await createCase(t.db, { tenant, serviceId: service.id, receivedAt: new Date('2025-06-01T10:00:00Z') });
    assert.deepEqual([first.caseNumber, second.caseNumber, lastYear.caseNumber], ['OA-2026-00001', 'OA-2026-00002', 'OA-2025-00001']);
    assert.equal(first.status, 'new');
    assert.equal(first.created, true);

    const [row] = await t.adminQuery<{ title: string; applicant_name: string; version: number; org_unit_id: string }>(
      'select title, applicant_name, version, org_unit_id from cases where id = $1', [first.id]);
    assert.deepEqual(row, { title: 'Baumfällgenehmigung', applicant_name: 'Schmidt, Anna', version: 1, org_unit_id: unit.id });
    const events = await t.adminQuery<{ type: string }>('select type from case_events where case_id = $1', [first.id]);
    assert.deepEqual(events.map((e) => e.type), ['case.created']);
    const outbox = await t.adminQuery<{ kind: string; payload: { eventType: string; body: Record<string, unknown> } }>(
      'select kind, payload from outbox where idempotency_key = $1', [`case.created:${first.id}`]);
    assert.equal(outbox.length, 1);
    assert.deepEqual(outbox[0]!.payload, { eventType: 'case.created', body: { caseId: first.id, caseNumber: 'OA-2026-00001' } });
  });

  it('a rolled-back creation gives its number back', async () => {
    const service = await createService(t.db);
    const tenantId = service.tenant.id;
    await assert.rejects(withTenant(t.db, { tenantId }, async (trx) => {
      await createCaseInService(trx, tenantId, { serviceId: service.id, applicant: { kind: 'person', lastName: 'X' }, formData: [], channel: 'test' }, system);
      throw new Error('intake failed after creating the case');
    }));
    const next = await createCase(t.db, { tenant: service.tenant, serviceId: service.id });
    assert.match(next.caseNumber, /-1$/);
  });

  it('an unknown service is refused naming serviceId, and nothing is written', async () => {
    const tenant = await createTenant(t.db);
    const missing = crypto.randomUUID();
    await assert.rejects(createCase(t.db, { tenant, serviceId: missing }), (err: { code: string; field: string; detail: string }) => {
      assert.equal(err.code, 'unprocessable');
      assert.equal(err.field, 'serviceId');
      assert.ok(err.detail.includes(missing));
      return true;
    });
    const counters = await t.adminQuery('select * from case_number_counters where tenant_id = $1', [tenant.id]);
    assert.equal(counters.length, 0);
  });

  it('the same (channel, transactionId) returns the existing case instead of a second one', async () => {
    const service = await createService(t.db);
    const input = { tenant: service.tenant, serviceId: service.id, channel: 'fit-connect', transactionId: 'tx-1' };
    const first = await createCase(t.db, input);
    const again = await createCase(t.db, input);
    assert.equal(again.id, first.id);
    assert.equal(again.caseNumber, first.caseNumber);
    assert.equal(again.created, false);
    const otherChannel = await createCase(t.db, { ...input, channel: 'ozg-cloud' });
    assert.notEqual(otherChannel.id, first.id);
  });

  it('30 concurrent creations get exactly the numbers 1..30', async () => {
    const service = await createService(t.db);
    const created = await Promise.all(
      Array.from({ length: 30 }, () => createCase(t.db, { tenant: service.tenant, serviceId: service.id })),
    );
    const seqs = created.map((c) => Number(c.caseNumber.split('-').at(-1))).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('20 parallel retries of one submission create one case and consume one number', async () => {
    const service = await createService(t.db);
    const input = { tenant: service.tenant, serviceId: service.id, channel: 'ozg-cloud', transactionId: 'retry-me' };
    const results = await Promise.all(Array.from({ length: 20 }, () => createCase(t.db, input)));
    assert.equal(new Set(results.map((r) => r.id)).size, 1);
    assert.equal(results.filter((r) => r.created).length, 1);
    const cases = await t.adminQuery('select id from cases where tenant_id = $1', [service.tenant.id]);
    assert.equal(cases.length, 1);
    const [counter] = await t.adminQuery<{ last_seq: number }>('select last_seq from case_number_counters where tenant_id = $1', [service.tenant.id]);
    assert.equal(counter!.last_seq, 1);
  });
});
