import { it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { withTenant } from '../db/database.js';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { readEvents, rewriteEvent, swapEvents, truncateChain } from '../../test/chain-tamper.js';
import { appendEvent } from './chain.js';
import { verifyingKeyFrom } from './checkpoint-key.js';
import { signCheckpoint, type CheckpointStatement } from './checkpoint-statement.js';
import { verifyTenantChain } from './verify.js';

const { privateKey } = generateKeyPairSync('ed25519');
const key = { privateKey, publicKey: verifyingKeyFrom(privateKey) };
const actor = { kind: 'system', id: null, name: 'Test' } as const;

describeEachDatabase('verifyTenantChain', (t) => {
  /** A tenant with events seq 1..6 and a checkpoint of its head, signed a moment after the last event. */
  async function chainWithCheckpoint(): Promise<{ tenantId: string; checkpoint: CheckpointStatement }> {
    const tenant = await createTenant(t.db);
    await withTenant(t.db, { tenantId: tenant.id }, async (trx) => {
      for (let i = 0; i < 5; i++) await appendEvent(trx, tenant.id, { caseId: null, type: 'note.added', actor, data: { note: i } });
    });
    const events = await readEvents(t, tenant.id);
    const head = events[events.length - 1]!;
    const checkpoint = signCheckpoint(
      { id: `cp-${tenant.id}`, installation: 'https://amtsdesk.example', tenantId: tenant.id, seq: head.seq, hash: head.hash, createdAt: new Date().toISOString() },
      key,
    );
    return { tenantId: tenant.id, checkpoint };
  }
  const reasons = (report: Awaited<ReturnType<typeof verifyTenantChain>>) => report.problems.map((p) => `${p.seq}:${p.reason}`);

  it('confirms an untouched chain by its checkpoint', async () => {
    const { tenantId, checkpoint } = await chainWithCheckpoint();
    const report = await verifyTenantChain(t.db, tenantId, { checkpoints: [checkpoint] });
    assert.deepEqual(report.problems, []);
    assert.equal(report.confirmedBy?.id, checkpoint.id);
  });

  it('names the changed event itself when its own hash was re-computed, not its successor', async () => {
    const { tenantId, checkpoint } = await chainWithCheckpoint();
    const changed = await rewriteEvent(t, tenantId, 3, (e) => void (e.data = { note: 'gefälscht' }), { throughHead: false });
    const report = await verifyTenantChain(t.db, tenantId, { checkpoints: [checkpoint] });
    assert.deepEqual(reasons(report), ['3:rewritten']);
    assert.equal(report.problems[0]!.eventId, changed.id);
    assert.equal(report.problems[0]!.related?.seq, 4);
  });

  it('reports a shortened chain against the checkpoint, which the chain alone cannot see', async () => {
    const { tenantId, checkpoint } = await chainWithCheckpoint();
    await truncateChain(t, tenantId, 2);
    assert.deepEqual(reasons(await verifyTenantChain(t.db, tenantId)), [], 'consistent in itself');
    const report = await verifyTenantChain(t.db, tenantId, { checkpoints: [checkpoint] });
    assert.deepEqual(reasons(report), ['5:truncated']);
    assert.equal(report.problems[0]!.related?.lastSeq, 4);
  });

  it('reports swapped events as reordered, each naming where its real predecessor is', async () => {
    const { tenantId } = await chainWithCheckpoint();
    const before = await readEvents(t, tenantId);
    await swapEvents(t, tenantId, 3, 4);
    const report = await verifyTenantChain(t.db, tenantId);
    const reordered = report.problems.filter((p) => p.reason === 'reordered').map((p) => [p.seq, p.eventId, p.related?.seq]);
    assert.deepEqual(reordered, [
      [3, before[3]!.id, 4],
      [4, before[2]!.id, 2],
    ]);
  });

  it('names an event re-timed after the checkpoint that contained it, even with every hash re-computed', async () => {
    const { tenantId, checkpoint } = await chainWithCheckpoint();
    const moved = await rewriteEvent(t, tenantId, 6, (e) => void (e.occurred_at = new Date(e.occurred_at.getTime() + 86_400_000)), { throughHead: true });
    const report = await verifyTenantChain(t.db, tenantId, { checkpoints: [checkpoint] });
    assert.deepEqual(reasons(report).sort(), ['6:checkpoint_mismatch', '6:timestamp_after_checkpoint']);
    assert.equal(report.problems.find((p) => p.reason === 'timestamp_after_checkpoint')!.eventId, moved.id);
    assert.equal(report.problems.find((p) => p.reason === 'checkpoint_mismatch')!.related?.fromSeq, 1);
  });
});
