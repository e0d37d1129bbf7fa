import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { CACHED_PLAN, DEFERRED, enhanceClient } from './pg-client.js';

// The markers only change how statements travel to a PostgreSQL server; PGlite runs them as written.
describe('pg client: deferred and cached statements [postgres]', { skip: !process.env.AMTSDESK_TEST_PG_URL }, () => {
  let t: TestDatabase;
  let pool: pg.Pool;
  before(async () => {
    t = await createTestDatabase('postgres');
    // One connection, so every statement below meets the same server session.
    pool = new pg.Pool({ connectionString: t.url, max: 1 });
    pool.on('connect', (client) => enhanceClient(client));
    await pool.query('create table marks (id int primary key)');
  });
  after(async () => {
    await pool.end();
    await t.close();
  });

  /** Runs fn on the pool's client and counts the server's ReadyForQuery messages: one per round trip. */
  async function roundTrips<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<{ result: T; trips: number }> {
    const client = await pool.connect();
    let trips = 0;
    const count = () => trips++;
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('readyForQuery', count);
    try {
      return { result: await fn(client), trips };
    } finally {
      connection.off('readyForQuery', count);
      client.release();
    }
  }

  it('a deferred BEGIN and setting travel with the next statement, in one round trip', async () => {
    const { result, trips } = await roundTrips(async (client) => {
      const begun = await client.query(`${DEFERRED}begin`);
      assert.deepEqual(begun.rows, [], 'answered at once, without rows');
      await client.query(`${DEFERRED}select set_config('app.mark', $1, true)`, ['17']);
      const { rows } = await client.query("select current_setting('app.mark') as mark");
      await client.query('commit');
      return rows;
    });
    assert.deepEqual(result, [{ mark: '17' }]);
    assert.equal(trips, 2, 'BEGIN, setting and select in one round trip; COMMIT in the second');
  });

  it('a failed deferred write fails the statement it travelled with; after ROLLBACK the connection works', async () => {
    await pool.query('insert into marks values (1)');
    const { trips } = await roundTrips(async (client) => {
      await client.query(`${DEFERRED}begin`);
      await client.query(`${DEFERRED}insert into marks values ($1)`, [2]);
      await client.query(`${DEFERRED}insert into marks values ($1)`, [1]);
      await assert.rejects(client.query('commit'), (error: { code?: string }) => error.code === '23505');
      await client.query('rollback');
      const { rows } = await client.query('select array_agg(id order by id) as ids from marks');
      assert.deepEqual(rows, [{ ids: [1] }], 'the whole transaction was rolled back, the row written before it stays');
    });
    assert.equal(trips, 3);
  });

  it('a ROLLBACK discards deferred statements still waiting', async () => {
    const client = await pool.connect();
    try {
      await client.query(`${DEFERRED}insert into marks values ($1)`, [99]);
      await client.query('rollback');
    } finally {
      client.release();
    }
    const { rows } = await pool.query('select count(*)::int as n from marks where id = 99');
    assert.deepEqual(rows, [{ n: 0 }]);
  });

  it('a cached-plan statement is prepared on its first use and then travels with deferred ones', async () => {
    const select = `${CACHED_PLAN}select id from marks where id = $1`;
    const insert = `${DEFERRED}${CACHED_PLAN}insert into marks values ($1)`;
    // The same transaction twice: first the two statements are prepared, then they are reused.
    const transaction = (mark: number) =>
      roundTrips(async (client) => {
        await client.query(`${DEFERRED}begin`);
        const { rows } = await client.query(select, [1]);
        await client.query(insert, [mark]);
        await client.query('commit');
        return rows;
      });
    const first = await transaction(3);
    assert.deepEqual(first.result, [{ id: 1 }]);
    const again = await transaction(4);
    assert.deepEqual(again.result, [{ id: 1 }]);
    assert.equal(again.trips, 2, 'prepared already: BEGIN with the select, the insert with the COMMIT');
    const prepared = await roundTrips((client) => client.query('select count(*)::int as n from pg_prepared_statements'));
    assert.deepEqual(prepared.result.rows, [{ n: 2 }], 'each cached statement prepared once on this connection');
    const { rows } = await pool.query('select array_agg(id order by id) as ids from marks');
    assert.deepEqual(rows, [{ ids: [1, 3, 4] }]);
  });
});
