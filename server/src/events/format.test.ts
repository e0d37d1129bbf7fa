import { it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { withTenant } from '../db/database.js';
import { describeEachDatabase, type TestDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { appendEvent, genesisHash } from './chain.js';
import { verifyingKeyFrom } from './checkpoint-key.js';
import { signCheckpoint } from './checkpoint-statement.js';
import { eventHashV1, payloadHash } from './format.js';
import { uuidv7 } from '../shared/ids.js';
import { verifyTenantChain } from './verify.js';

const { privateKey } = generateKeyPairSync('ed25519');
const key = { privateKey, publicKey: verifyingKeyFrom(privateKey) };
const actor = { kind: 'system', id: null, name: 'Test' } as const;

/** History as versions before migration 0039 wrote it: format 1, the payload inside the hash. */
async function writeFormat1(t: TestDatabase, tenantId: string, events: Array<{ actorName: string; data: Record<string, unknown> }>) {
  // The tenant's provisioning events were written in format 2: start its chain afresh, as it was then.
  await t.adminQuery('delete from case_events where tenant_id = $1', [tenantId]);
  await t.adminQuery('delete from event_chain_heads where tenant_id = $1', [tenantId]);
  let prevHash = genesisHash(tenantId);
  let seq = 0;
  let at = Date.now() - 60_000;
  for (const e of events) {
    const header = { tenantId, seq: ++seq, id: uuidv7(), caseId: null, type: 'note.added', actorKind: 'user', actorId: null, actorName: e.actorName, occurredAt: new Date(at += 1000), prevHash };
    const hash = eventHashV1({ ...header, data: e.data });
    await t.adminQuery(
      `insert into case_events (tenant_id, seq, id, case_id, type, actor_kind, actor_id, actor_name, data, occurred_at, prev_hash, hash, format)
       values ($1, $2, $3, null, 'note.added', 'user', null, $4, $5::jsonb, $6::timestamptz, $7, $8, 1)`,
      [tenantId, seq, header.id, e.actorName, JSON.stringify(e.data), header.occurredAt.toISOString(), prevHash, hash]);
    prevHash = hash;
  }
  await t.adminQuery(`insert into event_chain_heads (tenant_id, last_seq, last_hash) values ($1, $2, $3)`, [tenantId, seq, prevHash]);
  return { seq, hash: prevHash };
}

const erase = (t: TestDatabase, tenantId: string, seq: number) =>
  t.adminQuery(`update case_events set data = null, data_salt = null, tombstone = '{"reason":"Test"}'::jsonb where tenant_id = $1 and seq = $2`, [tenantId, seq]);

describeEachDatabase('event format 2 and the migrated history', (t) => {
  it('history from before 0039 keeps its signed checkpoint after the seal, and verifies after payloads are erased', async () => {
    const tenant = await createTenant(t.db);
    // Free text the SQL seal and the JavaScript verifier must read alike: umlauts, quotes, a newline.
    const head = await writeFormat1(t, tenant.id, [
      { actorName: 'Jürgen Groß', data: { body: 'Anna Schmidt, Hauptstraße 1' } },
      { actorName: 'Zoë "Q" Ünal\nzweite Zeile', data: { body: 'Ablehnung: Hund zu groß' } },
      { actorName: 'Max', data: { nested: { b: 2, a: [1, 'ä'] } } },
    ]);
    const checkpoint = signCheckpoint({ id: `cp-${tenant.id}`, installation: 'https://amtsdesk.example', tenantId: tenant.id, seq: head.seq, hash: head.hash, createdAt: new Date(Date.now() - 30_000).toISOString() }, key);
    await t.adminQuery('select case_events_seal_legacy($1)', [tenant.id]);
    await withTenant(t.db, { tenantId: tenant.id }, (trx) => appendEvent(trx, tenant.id, { caseId: null, type: 'note.added', actor, data: { body: 'neu' } }));

    const sealed = await verifyTenantChain(t.db, tenant.id, { checkpoints: [checkpoint] });
    assert.deepEqual(sealed.problems, []);
    assert.equal(sealed.confirmedBy?.id, checkpoint.id, 'the checkpoint signed before the migration still confirms the chain');
    const seal = await t.adminQuery<{ type: string; format: number; data: { legacyEvents: number } }>('select type, format, data from case_events where tenant_id = $1 and seq = 4', [tenant.id]);
    assert.deepEqual(seal.map((s) => [s.type, Number(s.format), s.data.legacyEvents]), [['chain.format_migrated', 2, 3]]);

    await erase(t, tenant.id, 2); // format 1
    await erase(t, tenant.id, 5); // format 2
    assert.deepEqual((await verifyTenantChain(t.db, tenant.id, { checkpoints: [checkpoint] })).problems, [], 'erased payloads leave the chain verifiable');

    // With its payload gone, a format 1 event's header is still bound: by the seal.
    await t.adminQuery(`update case_events set actor_name = 'Jemand anderes' where tenant_id = $1 and seq = 2`, [tenant.id]);
    const forged = await verifyTenantChain(t.db, tenant.id, { checkpoints: [checkpoint] });
    assert.deepEqual(forged.problems.map((p) => `${p.seq}:${p.reason}`), ['4:legacy_root_mismatch']);
  });

  it('a changed payload is found even with every hash but the payload hash intact; a tombstone beside a payload shields nothing', async () => {
    const tenant = await createTenant(t.db);
    await withTenant(t.db, { tenantId: tenant.id }, async (trx) => {
      for (let i = 0; i < 3; i++) await appendEvent(trx, tenant.id, { caseId: null, type: 'note.added', actor, data: { body: `Notiz ${i}` } });
    });
    await t.adminQuery(`update case_events set data = '{"body":"gefälscht"}'::jsonb where tenant_id = $1 and seq = 2`, [tenant.id]);
    assert.deepEqual((await verifyTenantChain(t.db, tenant.id)).problems.map((p) => `${p.seq}:${p.reason}`), ['2:hash_mismatch']);
    await t.adminQuery(`update case_events set tombstone = '{"reason":"x"}'::jsonb where tenant_id = $1 and seq = 2`, [tenant.id]);
    assert.deepEqual((await verifyTenantChain(t.db, tenant.id)).problems.map((p) => `${p.seq}:${p.reason}`), ['2:hash_mismatch']);
  });

  it('salts each payload hash, so equal payloads leave unequal hashes (no dictionary look-up after erasure)', () => {
    assert.notEqual(payloadHash({ name: 'Anna Schmidt' }, 'a'.repeat(32)), payloadHash({ name: 'Anna Schmidt' }, 'b'.repeat(32)));
  });

  it('a format 1 event after the switch is flagged: only an old version or a forger writes one', async () => {
    const tenant = await createTenant(t.db);
    await withTenant(t.db, { tenantId: tenant.id }, (trx) => appendEvent(trx, tenant.id, { caseId: null, type: 'note.added', actor, data: { body: 'a' } }));
    const [last] = await t.adminQuery<{ hash: string; seq: string }>('select last_hash as hash, last_seq::text as seq from event_chain_heads where tenant_id = $1', [tenant.id]);
    const seq = Number(last!.seq) + 1;
    const header = { tenantId: tenant.id, seq, id: uuidv7(), caseId: null, type: 'note.added', actorKind: 'user', actorId: null, actorName: 'Alt', occurredAt: new Date(), prevHash: last!.hash };
    const hash = eventHashV1({ ...header, data: {} });
    await t.adminQuery(`insert into case_events (tenant_id, seq, id, case_id, type, actor_kind, actor_id, actor_name, data, occurred_at, prev_hash, hash, format)
      values ($1, $6, $2, null, 'note.added', 'user', null, 'Alt', '{}'::jsonb, $3::timestamptz, $4, $5, 1)`, [tenant.id, header.id, header.occurredAt.toISOString(), last!.hash, hash, seq]);
    await t.adminQuery('update event_chain_heads set last_seq = $3, last_hash = $2 where tenant_id = $1', [tenant.id, hash, seq]);
    assert.deepEqual((await verifyTenantChain(t.db, tenant.id)).problems.map((p) => `${p.seq}:${p.reason}`), [`${seq}:format_mismatch`]);
  });
});
