import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server } from 'node:net';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { CACHED_PLAN, DEFERRED, PIPELINED_POOL, enhanceClient } from './pg-client.js';

/**
 * A TCP hop between pg and the server that counts round trips: a round trip begins each time the
 * client speaks after the server has answered. Client and proxy share this process, so whatever pg
 * writes in one turn of the event loop reaches the proxy before the server can answer any of it.
 */
async function roundTripCounter(target: string): Promise<{ url: string; trips: () => number; close: () => Promise<void> }> {
  const to = new URL(target);
  let trips = 0;
  let serverSpoke = true;
  const server: Server = createServer((client) => {
    const upstream = connect(Number(to.port || 5432), to.hostname);
    client.on('data', (chunk) => {
      if (serverSpoke) trips++;
      serverSpoke = false;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      serverSpoke = true;
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as { port: number }).port);
  return { url: url.toString(), trips: () => trips, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// The markers only change how statements travel to a PostgreSQL server; PGlite runs them as written.
describe('pg client: deferred and cached statements [postgres]', { skip: !process.env.AMTSDESK_TEST_PG_URL }, () => {
  let t: TestDatabase;
  let counter: Awaited<ReturnType<typeof roundTripCounter>>;
  let pool: pg.Pool;
  let plainPool: pg.Pool;
  before(async () => {
    t = await createTestDatabase('postgres');
    counter = await roundTripCounter(t.url!);
    // One connection each, so every statement below meets the same server session. The plain pool
    // is what a pg without pipeline mode gives: the markers must still be right, only slower.
    pool = new pg.Pool({ connectionString: counter.url, max: 1, ...PIPELINED_POOL });
    plainPool = new pg.Pool({ connectionString: counter.url, max: 1 });
    for (const p of [pool, plainPool]) p.on('connect', (client) => enhanceClient(client));
    await pool.query('create table marks (id int primary key)');
  });
  after(async () => {
    await pool.end();
    await plainPool.end();
    await counter.close();
    await t.close();
  });

  /** Runs fn on a pool's client and counts the round trips it took. */
  async function roundTrips<T>(fn: (client: pg.PoolClient) => Promise<T>, on = pool): Promise<{ result: T; trips: number }> {
    const client = await on.connect();
    const start = counter.trips();
    try {
      const result = await fn(client);
      return { result, trips: counter.trips() - start };
    } finally {
      client.release();
    }
  }

  const beginSetSelect = async (client: pg.PoolClient) => {
    const begun = await client.query(`${DEFERRED}begin`);
    assert.deepEqual(begun.rows, [], 'answered at once, without rows');
    await client.query(`${DEFERRED}select set_config('app.mark', $1, true)`, ['17']);
    const { rows } = await client.query("select current_setting('app.mark') as mark");
    await client.query('commit');
    return rows;
  };

  it('a deferred BEGIN and setting travel with the next statement, in one round trip', async () => {
    const { result, trips } = await roundTrips(beginSetSelect);
    assert.deepEqual(result, [{ mark: '17' }]);
    assert.equal(trips, 2, 'BEGIN, setting and select in one round trip; COMMIT in the second');
  });

  it('without pipeline mode the same statements give the same result, one round trip each', async () => {
    const { result, trips } = await roundTrips(beginSetSelect, plainPool);
    assert.deepEqual(result, [{ mark: '17' }]);
    assert.equal(trips, 4);
  });

  for (const [engine, on] of [['pipelined', () => pool], ['plain', () => plainPool]] as const) {
    it(`a failed deferred write fails the COMMIT it travelled with (${engine}); after ROLLBACK the connection works`, async () => {
      await pool.query('insert into marks values (1) on conflict do nothing');
      const { trips } = await roundTrips(async (client) => {
        await client.query(`${DEFERRED}begin`);
        await client.query(`${DEFERRED}insert into marks values ($1)`, [2]);
        await client.query(`${DEFERRED}insert into marks values ($1)`, [1]);
        // PostgreSQL answers a COMMIT of a failed transaction with ROLLBACK and no error: only the
        // write's own error tells the caller that nothing was stored.
        await assert.rejects(client.query('commit'), (error: { code?: string }) => error.code === '23505');
        await client.query('rollback');
        const { rows } = await client.query('select array_agg(id order by id) as ids from marks');
        assert.deepEqual(rows, [{ ids: [1] }], 'the whole transaction was rolled back, the row written before it stays');
      }, on());
      if (engine === 'pipelined') assert.equal(trips, 3);
    });
  }

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

  it('a cached-plan statement is prepared once per connection and travels with deferred ones from the start', async () => {
    await pool.query('delete from marks where id > 1');
    const select = `${CACHED_PLAN}select id from marks where id = $1`;
    const insert = `${DEFERRED}${CACHED_PLAN}insert into marks values ($1)`;
    // The same transaction twice: first the two statements are prepared on the way, then reused.
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
    assert.equal(first.trips, 2, 'BEGIN with the select (parsed on the way), the insert with the COMMIT');
    const again = await transaction(4);
    assert.deepEqual(again.result, [{ id: 1 }]);
    assert.equal(again.trips, 2);
    const prepared = await roundTrips((client) => client.query('select count(*)::int as n from pg_prepared_statements'));
    assert.deepEqual(prepared.result.rows, [{ n: 2 }], 'each cached statement prepared once on this connection');
    const { rows } = await pool.query('select array_agg(id order by id) as ids from marks');
    assert.deepEqual(rows, [{ ids: [1, 3, 4] }]);
  });
});
