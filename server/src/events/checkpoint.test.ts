import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../config.js';
import { openDatabase, withTenant } from '../db/database.js';
import { describeEachDatabase } from '../../test/db.js';
import { createCase, createTenant } from '../../test/factories.js';
import { truncateChain } from '../../test/chain-tamper.js';
import { startWebhookReceiver } from '../../test/webhook-receiver.js';
import { loadSigningKey, verifyingKeyFrom, type SigningKey } from './checkpoint-key.js';
import { startCheckpointJob, takeCheckpoints } from './checkpoint-job.js';
import { publishPendingCheckpoints } from './checkpoint-publish.js';
import { verifyCheckpoint, type CheckpointStatement } from './checkpoint-statement.js';

const HOUR_MS = 60 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-checkpoint-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function freshKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: verifyingKeyFrom(privateKey) };
}

describe('checkpoint key', () => {
  it('is generated once into the data dir of the embedded database, readable by its owner only', () => {
    const config = loadConfig({ AMTSDESK_DATA_DIR: join(dir, 'embedded') });
    const first = loadSigningKey(config, { create: true })!;
    assert.equal(statSync(join(dir, 'embedded', 'audit-signing-key.pem')).mode & 0o777, 0o600);
    assert.equal(loadSigningKey(config, { create: true })!.publicKey.fingerprint, first.publicKey.fingerprint, 'never replaced');
  });

  it('is not generated per instance for PostgreSQL unless its file is configured', () => {
    assert.equal(loadSigningKey(loadConfig({ AMTSDESK_DATA_DIR: join(dir, 'pg'), DATABASE_URL: 'postgres://db/amtsdesk' }), { create: true }), undefined);
    const shared = join(dir, 'shared', 'audit.pem');
    const config = loadConfig({ AMTSDESK_DATA_DIR: join(dir, 'pg'), DATABASE_URL: 'postgres://db/amtsdesk', AMTSDESK_AUDIT_KEY_FILE: shared });
    assert.match(loadSigningKey(config, { create: true })!.publicKey.fingerprint, /^sha256:[0-9a-f]{64}$/);
    assert.match(readFileSync(shared, 'utf8'), /BEGIN PRIVATE KEY/);
  });
});

describeEachDatabase('signed checkpoints', (t) => {
  const key = freshKey();
  const installation = 'https://amtsdesk.example';
  const statementsOf = (tenantId: string) =>
    withTenant(t.db, { tenantId }, (trx) => trx.selectFrom('audit_checkpoints').select('statement').orderBy('created_at').execute()).then((rows) =>
      rows.map((r) => JSON.parse(r.statement) as CheckpointStatement),
    );

  it('signs each moved chain head once; the public key alone verifies it, and any change breaks the signature', async () => {
    const a = await createTenant(t.db);
    const b = await createTenant(t.db);
    const first = await takeCheckpoints(t.db, { key, installation });
    assert.ok(first.created >= 2);
    const [checkpoint] = await statementsOf(a.id);
    const head = await withTenant(t.db, { tenantId: a.id }, (trx) => trx.selectFrom('event_chain_heads').selectAll().executeTakeFirstOrThrow());
    assert.deepEqual([checkpoint!.seq, checkpoint!.hash, checkpoint!.installation], [Number(head.last_seq), head.last_hash, installation]);
    assert.equal(verifyCheckpoint(checkpoint!, verifyingKeyFrom(key.publicKey.key)), 'valid');
    assert.equal(verifyCheckpoint({ ...checkpoint!, seq: checkpoint!.seq + 1 }, key.publicKey), 'bad_signature');
    assert.equal(verifyCheckpoint({ ...checkpoint!, createdAt: new Date(0).toISOString() }, key.publicKey), 'bad_signature');
    assert.equal(verifyCheckpoint(checkpoint!, freshKey().publicKey), 'foreign_key');

    assert.equal((await takeCheckpoints(t.db, { key, installation })).created, 0, 'nothing moved');
    await createCase(t.db, { tenant: b });
    assert.equal((await takeCheckpoints(t.db, { key, installation })).created, 1);
    assert.equal((await statementsOf(b.id)).length, 2);
    assert.equal((await statementsOf(a.id)).length, 1);
  });

  it('takes at most one checkpoint per interval, however many instances run the job at once', async () => {
    const tenant = await createTenant(t.db);
    await takeCheckpoints(t.db, { key, installation });
    await createCase(t.db, { tenant });
    // A second instance: its own connection pool on the same PostgreSQL (PGlite has one process only).
    const other = t.url ? await openDatabase({ databaseUrl: t.url, migrate: false }) : t.db;
    try {
      const runs = await Promise.all([
        takeCheckpoints(t.db, { key, installation, minIntervalMs: HOUR_MS }),
        takeCheckpoints(other, { key, installation, minIntervalMs: HOUR_MS }),
      ]);
      assert.equal(runs.reduce((sum, r) => sum + r.created, 0), 0, `a checkpoint was just taken: ${JSON.stringify(runs)}`);
      const later = () => new Date(Date.now() + HOUR_MS + 1000);
      const due = await Promise.all([
        takeCheckpoints(t.db, { key, installation, minIntervalMs: HOUR_MS, now: later }),
        takeCheckpoints(other, { key, installation, minIntervalMs: HOUR_MS, now: later }),
      ]);
      assert.equal(due.reduce((sum, r) => sum + r.created, 0), 1, JSON.stringify(due));
      // The other one either found the lock taken or, had it come later, the fresh checkpoint.
      const outcomes = due.map((r) => r.skipped ?? 'ran');
      assert.equal(outcomes.filter((o) => o === 'ran').length, 1, outcomes.join());
      assert.ok(outcomes.some((o) => o === 'busy' || o === 'recent'), outcomes.join());
    } finally {
      if (other !== t.db) await other.close();
    }
  });

  it('refuses to sign a chain that no longer contains its latest checkpoint', async () => {
    const tenant = await createTenant(t.db);
    await createCase(t.db, { tenant });
    await takeCheckpoints(t.db, { key, installation });
    await truncateChain(t, tenant.id, 1);
    const run = await takeCheckpoints(t.db, { key, installation });
    assert.deepEqual(run.refused, [tenant.id]);
    assert.equal((await statementsOf(tenant.id)).length, 1);
  });

  it('keeps each tenant to its own checkpoints, and the app cannot change or delete them', async () => {
    const a = await createTenant(t.db);
    const b = await createTenant(t.db);
    await takeCheckpoints(t.db, { key, installation });
    assert.deepEqual((await statementsOf(a.id)).map((c) => c.tenantId), [a.id]);
    await assert.rejects(withTenant(t.db, { tenantId: b.id }, (trx) => sql`update audit_checkpoints set seq = 1`.execute(trx)), /permission denied/);
    await assert.rejects(withTenant(t.db, { tenantId: b.id }, (trx) => sql`delete from audit_checkpoints`.execute(trx)), /permission denied/);
  });

  it('publishes to an append-only file and a real HTTP receiver, and retries the receiver after a failure', async () => {
    await createTenant(t.db);
    await takeCheckpoints(t.db, { key, installation });
    const n = (await t.adminQuery<{ n: number }>('select count(*)::int as n from audit_checkpoints'))[0]!.n;
    const receiver = await startWebhookReceiver({ status: (i) => (i === 0 ? 503 : 200) });
    const publishFile = join(dir, `published-${t.kind}.jsonl`);
    try {
      const failed = await publishPendingCheckpoints(t.db, { publishFile, publishUrl: receiver.url });
      assert.deepEqual(failed, { file: n, url: 0, failed: ['url: HTTP 503'] });
      const retried = await publishPendingCheckpoints(t.db, { publishFile, publishUrl: receiver.url });
      assert.deepEqual(retried, { file: 0, url: n, failed: [] });
      const lines = readFileSync(publishFile, 'utf8').trim().split('\n');
      assert.equal(lines.length, n, 'each checkpoint appended once');
      assert.ok(lines.every((line) => verifyCheckpoint(JSON.parse(line) as CheckpointStatement, key.publicKey) === 'valid'));
      const body = JSON.parse(receiver.requests[1]!.body) as { format: string; checkpoints: CheckpointStatement[] };
      assert.equal(body.format, 'amtsdesk.audit-checkpoints.v1');
      assert.deepEqual(body.checkpoints.map((c) => c.id).sort(), lines.map((l) => (JSON.parse(l) as CheckpointStatement).id).sort());
    } finally {
      await receiver.close();
    }
  });

  it('runs in the server: signs and publishes on its own shortly after start', async () => {
    // The earlier tests' checkpoints are recent (one even dated an hour ahead): let the interval pass.
    await t.adminQuery(`update audit_checkpoints set created_at = created_at - interval '3 hours'`);
    const tenant = await createTenant(t.db);
    const publishFile = join(dir, `job-${t.kind}.jsonl`);
    const config = { ...loadConfig({ AMTSDESK_DATA_DIR: join(dir, `job-${t.kind}`), AMTSDESK_AUDIT_PUBLISH_FILE: publishFile }) };
    const job = startCheckpointJob({ db: t.db, config, key, firstRunMs: 1 });
    try {
      for (let i = 0; i < 200 && (await statementsOf(tenant.id)).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await job.stop();
    }
    const [checkpoint] = await statementsOf(tenant.id);
    assert.ok(checkpoint, 'the job signed a checkpoint');
    assert.ok(readFileSync(publishFile, 'utf8').includes(checkpoint.id), 'and published it');
  });
});
