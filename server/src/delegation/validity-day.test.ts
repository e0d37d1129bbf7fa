import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { createTenant } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { berlinDay } from '../deadlines/calendar.js';

describeEachDatabase('delegation: agreements are valid on German calendar days', (t) => {
  it("the database's day for validity is the day in Germany, whatever the session's time zone", async () => {
    const tenant = await createTenant(t.db);
    // UTC−12 and UTC+14: at every hour of the day at least one of them is on another date than Berlin,
    // so a check against the session's current day would differ here.
    for (const zone of ['Etc/GMT+12', 'Etc/GMT-14', 'UTC']) {
      const day = await withTenant(t.db, { tenantId: tenant.id }, async (trx) => {
        await sql`select set_config('TimeZone', ${zone}, true)`.execute(trx);
        return (await sql<{ d: string }>`select berlin_today()::text as d`.execute(trx)).rows[0]!.d;
      });
      assert.equal(day, berlinDay(), zone);
    }
  });
});
