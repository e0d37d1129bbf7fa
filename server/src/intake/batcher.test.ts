import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { verifyTenantChain } from '../events/verify.js';
import { LEIKA_HUND, dogTaxForm, intakeWorld } from '../../test/intake-kit.js';

const application = (transactionId: string, serviceKey = LEIKA_HUND) => ({
  transactionId,
  serviceKey,
  applicant: { kind: 'person', firstName: 'Gül', lastName: `Yıldız-${transactionId}` },
  formData: dogTaxForm(),
});

// Applications that arrive while the tenant's intake transaction runs are stored together in its
// next one (server/src/intake/batcher.ts). What a sender relies on must not change because of it.
describeEachDatabase('intake under concurrent load of one municipality', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  it('answers each of 60 simultaneous applications for itself: numbers gap-free, a bad one refused alone, repeats the same case', async () => {
    const w = await intakeWorld(t, { ags: '01002101' });
    const bodies = Array.from({ length: 60 }, (_, i) => {
      if (i % 15 === 7) return application(`bad-${i}`, '99999999999999'); // unknown service key
      if (i % 10 === 9) return application(`app-${i - 1}`); // a retry of the previous one
      return application(`app-${i}`);
    });
    const answers = await Promise.all(
      bodies.map((payload) => h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: w.headers, payload })),
    );

    const bad = answers.filter((_, i) => i % 15 === 7);
    for (const res of bad) {
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().code, 'unprocessable');
      assert.equal(res.json().field, 'serviceKey', 'the native API names its own field');
    }
    const good = answers.filter((_, i) => i % 15 !== 7);
    for (const res of good) assert.ok([200, 201].includes(res.statusCode), res.body);

    const byTransaction = new Map<string, string>();
    good.forEach((res) => {
      const { transactionId, caseId } = res.json() as { transactionId: string; caseId: string };
      if (byTransaction.has(transactionId)) assert.equal(caseId, byTransaction.get(transactionId), `retry of ${transactionId} got another case`);
      byTransaction.set(transactionId, caseId);
    });
    const distinct = new Set(bodies.filter((b) => !b.transactionId.startsWith('bad')).map((b) => b.transactionId)).size;
    assert.equal(byTransaction.size, distinct);
    assert.equal(good.filter((r) => r.statusCode === 201).length, distinct, 'exactly one 201 per distinct submission');

    const rows = await t.adminQuery<{ case_number: string; transaction_id: string }>('select case_number, transaction_id from cases where tenant_id = $1', [w.tenant.id]);
    assert.equal(rows.length, distinct);
    const seqs = rows.map((r) => Number(r.case_number.split('-').at(-1))).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: distinct }, (_, i) => i + 1), 'numbers 1..n without gaps or doubles');
    for (const row of rows) assert.ok(!row.transaction_id.startsWith('bad'));

    const events = await t.adminQuery<{ type: string; n: number }>(
      "select type, count(*)::int as n from case_events where tenant_id = $1 and case_id is not null group by type order by type", [w.tenant.id]);
    assert.deepEqual(events, [{ type: 'case.created', n: distinct }, { type: 'intake.received', n: distinct }]);
    const chain = await verifyTenantChain(t.db, w.tenant.id);
    assert.equal(chain.ok, true, JSON.stringify(chain));
  });

  // Group commit is what keeps a busy municipality's intake fast: its number counter and event chain
  // serialise its transactions, so each one must carry many applications. xmin is the transaction that
  // wrote a row: fewer distinct ones than cases means applications shared a transaction.
  it('stores simultaneous applications of one municipality in shared transactions (group commit)', async () => {
    const w = await intakeWorld(t, { ags: '01002102' });
    const n = 32;
    const answers = await Promise.all(
      Array.from({ length: n }, (_, i) => h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: w.headers, payload: application(`group-${i}`) })),
    );
    for (const res of answers) assert.equal(res.statusCode, 201, res.body);
    const [row] = await t.adminQuery<{ cases: number; transactions: number }>(
      'select count(*)::int as cases, count(distinct xmin::text)::int as transactions from cases where tenant_id = $1', [w.tenant.id]);
    assert.equal(row!.cases, n);
    assert.ok(row!.transactions <= n / 4, `${n} applications took ${row!.transactions} transactions`);
  });
});
