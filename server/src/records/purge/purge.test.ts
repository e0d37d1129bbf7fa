import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { withTenant } from '../../db/database.js';
import { verifyTenantChain } from '../../events/verify.js';
import { describeEachDatabase } from '../../../test/db.js';
import { assertCountersExact } from '../../../test/counter-check.js';
import { createCase, createTenant } from '../../../test/factories.js';
import { uuidv7 } from '../../shared/ids.js';
import { findMarker, orderPurge, plantCase, purgeNow, purgeWorld } from '../../../test/purge-kit.js';
import { runPurgeOrders } from './worker.js';

const SHARED = Buffer.from('%PDF Merkblatt Hundesteuer, für alle gleich');
const marker = () => `zqx${uuidv7().replace(/-/g, '').slice(-12)}`;

describeEachDatabase('purge', (t) => {
  it('removes every byte of the case\'s personal data; the history verifies, the deletion log has the entry, a shared file stays', async () => {
    const world = purgeWorld(t.db);
    const m = marker();
    const planted = await plantCase(t, world, m, { shared: SHARED });
    // Another case of the same tenant holds the same file: content-addressed, one blob for both.
    const other = await createCase(t.db, { tenant: planted.tenant });
    await withTenant(t.db, { tenantId: planted.tenant.id }, (trx) => trx.insertInto('attachments').values({
      id: uuidv7(), tenant_id: planted.tenant.id, case_id: other.id, file_name: 'Merkblatt.pdf', mime_type: 'application/pdf', size_bytes: SHARED.length, sha256: planted.blobs.shared!,
    }).execute());
    const planted_in = await findMarker(t, world, m);
    for (const place of ['cases.applicant', 'cases.applicant_name', 'cases.form_data', 'cases.title', 'cases.search_vector', 'attachments.file_name',
      'notes.body', 'notes.search_vector', 'follow_ups.subject', 'messages.subject', 'messages.body', 'decisions.text', 'legal_holds.reason',
      'case_events.data', 'outbox.payload', 'unrouted_submissions.submission', 'unrouted_submissions.routing_hints']) {
      assert.ok(planted_in.includes(place), `the marker is planted in ${place} before the purge`);
    }
    assert.equal(planted_in.filter((p) => p.startsWith('blob:')).length, 2, 'in two blobs (the shared one carries no marker)');
    assert.equal(planted_in.filter((p) => p.startsWith('mail:')).length, 1, 'in the e-mail the file sink wrote');

    const orderId = await orderPurge(t.db, planted.tenant.id, planted.caseId);
    const run = await purgeNow(world);
    assert.deepEqual(run, { done: 1, refused: 0, retrying: 0 });

    assert.deepEqual(await findMarker(t, world, m), [], 'no table, blob or mail file holds the marker');
    const report = await verifyTenantChain(t.db, planted.tenant.id);
    assert.deepEqual(report.problems, [], 'audit verify passes with the tombstoned history');
    const tombstones = await t.adminQuery<{ type: string; data: unknown; tombstone: { orderId: string; reason: string } | null }>(
      'select type, data, tombstone from case_events where case_id = $1 order by seq', [planted.caseId]);
    assert.ok(tombstones.length >= 3);
    assert.ok(tombstones.slice(0, -1).every((e) => e.data === null && e.tombstone?.orderId === orderId), 'every payload erased, each tombstone names the order');
    assert.equal(tombstones.at(-1)!.type, 'case.purged');

    const log = await t.adminQuery<{ case_number: string; service_name: string; appraisal: string; approved_by: string[]; reason: string }>(
      'select case_number, service_name, appraisal, approved_by, reason from deletion_log where order_id = $1', [orderId]);
    assert.deepEqual(log, [{ case_number: planted.caseNumber, service_name: 'Hundesteuer', appraisal: 'B', approved_by: ['Erika Registratur', 'Otto Prüfer'], reason: 'Aufbewahrungsfrist abgelaufen' }]);
    const order = await t.adminQuery<{ state: string }>('select state from purge_orders where id = $1', [orderId]);
    assert.equal(order[0]!.state, 'done');

    assert.ok(await world.blobs.has(planted.blobs.shared!), 'the file the other case still references survives');
    assert.equal(await world.blobs.has(planted.blobs.own), false);
    assert.equal((await t.adminQuery('select 1 from cases where id = $1', [planted.caseId])).length, 0, 'the case row is gone (the case answers 404)');
    await assertCountersExact(t, planted.tenant.id, 'the purge');
    assert.deepEqual(await runPurgeOrders(world.deps), { done: 0, refused: 0, retrying: 0 }, 'a done order is not performed again');
  });

  it('refuses a case placed under legal hold after the approval: order failed, nothing deleted', async () => {
    const world = purgeWorld(t.db);
    const m = marker();
    const planted = await plantCase(t, world, m);
    const orderId = await orderPurge(t.db, planted.tenant.id, planted.caseId);
    await placeHold(planted.tenant.id, planted.caseId);
    const before = await findMarker(t, world, m);

    assert.deepEqual(await purgeNow(world), { done: 0, refused: 1, retrying: 0 });
    const order = await t.adminQuery<{ state: string; last_error: string }>('select state, last_error from purge_orders where id = $1', [orderId]);
    assert.deepEqual(order[0], { state: 'failed', last_error: 'purge_refused_legal_hold' });
    assert.deepEqual(await findMarker(t, world, m), before, 'every record and file of the case is still there');
    assert.equal((await t.adminQuery('select 1 from deletion_log where order_id = $1', [orderId])).length, 0);
    assert.deepEqual((await verifyTenantChain(t.db, planted.tenant.id)).problems, []);

    // A hold set while the purge is under way, after its first check: still refused, still nothing deleted.
    const m2 = marker();
    const second = await plantCase(t, world, m2);
    const secondOrder = await orderPurge(t.db, second.tenant.id, second.caseId);
    const before2 = await findMarker(t, world, m2);
    const run = await runPurgeOrders({ ...world.deps, afterStep: async (step) => { if (step === 'started') await placeHold(second.tenant.id, second.caseId); } });
    assert.deepEqual(run, { done: 0, refused: 1, retrying: 0 });
    assert.equal((await t.adminQuery<{ last_error: string }>('select last_error from purge_orders where id = $1', [secondOrder]))[0]!.last_error, 'purge_refused_legal_hold');
    assert.deepEqual(await findMarker(t, world, m2), before2);
  });

  const placeHold = (tenantId: string, caseId: string) => withTenant(t.db, { tenantId }, (trx) => trx.insertInto('legal_holds').values({
    id: uuidv7(), tenant_id: tenantId, case_id: caseId, reason: 'Klageverfahren', set_by: null, set_by_name: 'Erika Registratur', set_at: new Date(),
    released_by: null, released_by_name: null, released_at: null, release_reason: null,
  }).execute());

  it('resumes after a crash at each step and completes; the app alone can\'t delete or tombstone without a running order', async () => {
    const world = purgeWorld(t.db);
    for (const crashAfter of ['started', 'records_deleted', 'files_removed'] as const) {
      const m = marker();
      const planted = await plantCase(t, world, m);
      const orderId = await orderPurge(t.db, planted.tenant.id, planted.caseId);
      const crashed = await runPurgeOrders({ ...world.deps, afterStep: (step) => { if (step === crashAfter) throw new Error('crash'); } });
      assert.equal(crashed.retrying, 1, `stopped after ${crashAfter}`);
      await t.adminQuery('update purge_orders set locked_until = null where id = $1', [orderId]);
      assert.deepEqual(await purgeNow(world), { done: 1, refused: 0, retrying: 0 }, `resumed after ${crashAfter}`);
      assert.deepEqual(await findMarker(t, world, m), [], `nothing left after a crash after ${crashAfter}`);
      assert.deepEqual((await verifyTenantChain(t.db, planted.tenant.id)).problems, []);
    }
    const tenant = await createTenant(t.db);
    const kase = await createCase(t.db, { tenant });
    await assert.rejects(withTenant(t.db, { tenantId: tenant.id }, (trx) =>
      sql`select purge_case_records(${kase.id}, '{}'::jsonb)`.execute(trx)),
    /no running purge order/);
  });

  it('leaves a case of another tenant alone: an order names a case id of its own tenant only', async () => {
    const world = purgeWorld(t.db);
    const m = marker();
    const victim = await plantCase(t, world, m);
    const attacker = await createTenant(t.db);
    const orderId = await orderPurge(t.db, attacker.id, victim.caseId);
    assert.deepEqual(await purgeNow(world), { done: 0, refused: 1, retrying: 0 });
    const order = await t.adminQuery<{ state: string; last_error: string }>('select state, last_error from purge_orders where id = $1', [orderId]);
    assert.deepEqual(order[0], { state: 'failed', last_error: 'not_found' });
    assert.equal((await t.adminQuery('select 1 from cases where id = $1', [victim.caseId])).length, 1);
  });
});
