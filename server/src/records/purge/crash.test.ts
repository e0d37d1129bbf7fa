import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../../test/db.js';
import { createCase } from '../../../test/factories.js';
import { withTenant } from '../../db/database.js';
import { verifyTenantChain } from '../../events/verify.js';
import { uuidv7 } from '../../shared/ids.js';
import { findMarker, orderPurge, plantCase, purgeWorld } from '../../../test/purge-kit.js';

const CHILD = fileURLToPath(new URL('../../../test/purge-child.ts', import.meta.url));
const SHARED = Buffer.from('%PDF Merkblatt, von zwei Vorgängen genutzt');

// A second process needs a database server both can open: PostgreSQL only (like the other crash tests).
describe('purge: SIGKILL in the middle, then restart [postgres]', { skip: !databaseKinds().includes('postgres') && 'braucht PostgreSQL', timeout: 120_000 }, () => {
  let t: TestDatabase;
  const children: ChildProcess[] = [];
  before(async () => {
    t = await createTestDatabase('postgres');
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await t?.close();
  });

  /** Starts the worker process; resolves with its output once it printed `until` (or exited). */
  function worker(dataDir: string, pauseAfter: string | null, until: RegExp): Promise<{ child: ChildProcess; out: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: { ...process.env, DATABASE_URL: t.url!, AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(pauseAfter ? { PURGE_PAUSE_AFTER: pauseAfter } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let out = '';
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d) => {
        out += d;
        if (until.test(out)) resolve({ child, out });
      });
      child.once('exit', (code) => (until.test(out) ? resolve({ child, out }) : reject(new Error(`worker exited ${code}: ${out}`))));
    });
  }
  const kill = async (child: ChildProcess) => {
    child.kill('SIGKILL');
    while (child.exitCode === null && child.signalCode === null) await sleep(20);
  };

  it('killed after the check and after the database step, the restarted worker completes: nothing half-deleted, the shared file survives', async () => {
    const world = purgeWorld(t.db);
    const m = `zqx${uuidv7().replace(/-/g, '').slice(-12)}`;
    const planted = await plantCase(t, world, m, { shared: SHARED });
    const other = await createCase(t.db, { tenant: planted.tenant });
    await withTenant(t.db, { tenantId: planted.tenant.id }, (trx) => trx.insertInto('attachments').values({
      id: uuidv7(), tenant_id: planted.tenant.id, case_id: other.id, file_name: 'Merkblatt.pdf', mime_type: 'application/pdf', size_bytes: SHARED.length, sha256: planted.blobs.shared!,
    }).execute());
    const everywhere = await findMarker(t, world, m);
    const orderId = await orderPurge(t.db, planted.tenant.id, planted.caseId);
    const step = async () => (await t.adminQuery<{ step: string | null; state: string }>('select step, state from purge_orders where id = $1', [orderId]))[0]!;

    // Killed after the check: the case is whole.
    await kill((await worker(world.config.dataDir, 'started', /paused after started/)).child);
    assert.deepEqual(await step(), { step: 'started', state: 'running' });
    assert.deepEqual(await findMarker(t, world, m), everywhere, 'nothing deleted yet');

    // Killed after the database step: every row is gone at once, the files are still to go.
    await sleep(1100); // the killed worker's lease runs out
    await kill((await worker(world.config.dataDir, 'records_deleted', /paused after records_deleted/)).child);
    assert.deepEqual(await step(), { step: 'records_deleted', state: 'running' });
    const left = await findMarker(t, world, m);
    assert.deepEqual(left.filter((p) => !p.startsWith('blob:') && !p.startsWith('mail:')), [], 'no row of the case survived the committed step');
    assert.ok(left.some((p) => p.startsWith('blob:')), 'its files are removed in the next step');

    // Restarted without a stop: it completes.
    await sleep(1100);
    const last = await worker(world.config.dataDir, null, /finished/);
    assert.match(last.out, /"done":1/);
    assert.deepEqual(await step(), { step: null, state: 'done' });
    assert.deepEqual(await findMarker(t, world, m), []);
    assert.ok(await world.blobs.has(planted.blobs.shared!), 'the file the other case references survives');
    assert.equal((await t.adminQuery('select 1 from deletion_log where order_id = $1', [orderId])).length, 1);
    assert.deepEqual((await verifyTenantChain(t.db, planted.tenant.id)).problems, []);
  });
});
