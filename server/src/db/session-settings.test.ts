import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { withTenant } from './database.js';
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
});
