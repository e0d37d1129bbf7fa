import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { withPlatform, withTenant } from './database.js';
import { uuidv7 } from '../shared/ids.js';

/*
 * The settings every application connection works under. JIT compilation is off: PostgreSQL otherwise
 * compiles a desk query over a big tenant with LLVM on every call, at 50–300 ms of CPU per request
 * (docs/performance.md, 1,000,000 cases). PGlite has no JIT.
 */
describeEachDatabase('application connections', (t) => {
  it('work as the app role with JIT compilation off', async (ctx) => {
    if (t.db.kind !== 'postgres') return ctx.skip('PGlite has no JIT');
    const settings = await withTenant(t.db, { tenantId: uuidv7() }, async (trx) =>
      (await sql<{ jit: string; role: string }>`select current_setting('jit') as jit, current_user as role`.execute(trx)).rows[0]);
    assert.equal(settings?.jit, 'off');
    assert.equal(settings?.role, 'amtsdesk_app');
  });

  it('survive the server ending idle connections (restart, failover): the next query connects anew', async (ctx) => {
    if (t.db.kind !== 'postgres') return ctx.skip('PGlite has no server connections');
    await Promise.all([1, 2, 3].map(() => withPlatform(t.db, (trx) => sql`select pg_sleep(0.05)`.execute(trx))));
    const ended = await t.adminQuery<{ ok: boolean }>(`select pg_terminate_backend(pid) as ok from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and usename = current_user and backend_type = 'client backend'`);
    assert.ok(ended.length > 0, 'the pool had idle connections to end');
    await sleep(200); // the pool hears of it: without a listener this is an uncaught exception that fails this file
    const after = await withPlatform(t.db, async (trx) => (await sql<{ one: number }>`select 1 as one`.execute(trx)).rows[0]!.one);
    assert.equal(after, 1);
  });
});
