import { it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { createService, createTenant, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';

describeEachDatabase('tenant isolation in the database', (t) => {
  it('a raw query without tenant context returns no tenant-owned rows at all', async () => {
    await createService(t.db);
    await createService(t.db);
    for (const table of ['org_units', 'services', 'users', 'case_events', 'event_chain_heads']) {
      const rows = await t.db.kysely.transaction().execute((trx) => sql.raw(`select * from ${table}`).execute(trx));
      assert.equal(rows.rows.length, 0, `${table} leaked rows without tenant context`);
    }
  });

  it('inside one tenant a raw query sees only that tenant, never the other', async () => {
    const a = await createService(t.db);
    const b = await createService(t.db);
    const seen = await withTenant(t.db, { tenantId: a.tenant.id }, (trx) =>
      sql<{ tenant_id: string }>`select tenant_id from services`.execute(trx),
    );
    assert.ok(seen.rows.length >= 1);
    assert.ok(seen.rows.every((r) => r.tenant_id === a.tenant.id));
    assert.ok(!seen.rows.some((r) => r.tenant_id === b.tenant.id));
  });

  it('the app cannot write a row into another tenant', async () => {
    const a = await createTenant(t.db);
    const b = await createTenant(t.db);
    await assert.rejects(
      withTenant(t.db, { tenantId: a.id }, (trx) =>
        trx.insertInto('org_units').values({ id: crypto.randomUUID(), tenant_id: b.id, name: 'Fremd', short_code: 'FR' }).execute(),
      ),
      /row-level security/,
    );
  });

  it('the app role is neither superuser nor able to bypass row-level security', async () => {
    const rows = await t.db.kysely.transaction().execute((trx) =>
      sql<{ usr: string; rolsuper: boolean; rolbypassrls: boolean }>`
        select current_user as usr, r.rolsuper, r.rolbypassrls from pg_roles r where r.rolname = current_user`.execute(trx),
    );
    assert.deepEqual(rows.rows[0], { usr: 'amtsdesk_app', rolsuper: false, rolbypassrls: false });
  });

  it('history rows cannot be altered or deleted by the app', async () => {
    const user = await createUser(t.db);
    await assert.rejects(
      withTenant(t.db, { tenantId: user.tenant.id }, (trx) => sql`update case_events set actor_name = 'x'`.execute(trx)),
      /permission denied/,
    );
    await assert.rejects(
      withTenant(t.db, { tenantId: user.tenant.id }, (trx) => sql`delete from case_events`.execute(trx)),
      /permission denied/,
    );
  });
});
