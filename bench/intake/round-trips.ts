/**
 * node --import tsx bench/intake/round-trips.ts — what deferred statements save per transaction
 * (decision 0020). One connection, the shape of every tenant transaction of the app (deferred BEGIN
 * and tenant setting, one read, a deferred write, COMMIT), sent pipelined and plain in alternating
 * blocks, so a busy machine slows both alike. Reports the median block's time per transaction and
 * the CPU it cost this process and the connection's own PostgreSQL backend (read from /proc, Linux).
 * ROUND_TRIP_BLOCKS (default 10) × ROUND_TRIP_TRANSACTIONS (default 300) per variant.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { startPostgres } from '../lib/postgres-server.mjs';
import { DEFERRED, PIPELINED_POOL, enhanceClient } from '../../server/src/db/pg-client.js';

const BLOCKS = Number(process.env.ROUND_TRIP_BLOCKS ?? 10);
const TRANSACTIONS = Number(process.env.ROUND_TRIP_TRANSACTIONS ?? 300);

/** CPU milliseconds of one process so far (utime + stime, USER_HZ 100). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

type Enhance = (client: pg.PoolClient) => void;
const variants: Array<{ name: string; options: object; enhance: Enhance }> = [
  { name: 'pipelined (pg pipeline mode)', options: PIPELINED_POOL, enhance: enhanceClient },
  { name: 'plain (one round trip per statement)', options: {}, enhance: enhanceClient },
];

const server = await startPostgres();
try {
  const setup = new pg.Client({ connectionString: server.url });
  await setup.connect();
  await setup.query('create table marks (id bigint primary key, tenant text not null)');
  await setup.end();
  let id = 0;
  const pools = variants.map((v) => {
    const pool = new pg.Pool({ connectionString: server.url, max: 1, ...v.options });
    pool.on('connect', (client) => v.enhance(client));
    return pool;
  });
  const transaction = async (client: pg.PoolClient) => {
    await client.query(`${DEFERRED}begin`);
    await client.query(`${DEFERRED}select set_config('app.tenant_id', $1, true)`, ['bench']);
    await client.query('select count(*) from marks where id = $1', [id]);
    await client.query(`${DEFERRED}insert into marks values ($1, current_setting('app.tenant_id'))`, [++id]);
    await client.query('commit');
  };
  const perTransaction: number[][] = variants.map(() => []);
  const cpu = variants.map(() => ({ node: 0, backend: 0 }));
  for (let block = 0; block < BLOCKS; block++) {
    for (const [i, pool] of pools.entries()) {
      const client = await pool.connect();
      const backend = Number((await client.query('select pg_backend_pid() as pid')).rows[0].pid);
      const [node, backendBefore] = [process.cpuUsage(), processCpuMs(backend)];
      const start = process.hrtime.bigint();
      for (let n = 0; n < TRANSACTIONS; n++) await transaction(client);
      perTransaction[i]!.push(Number(process.hrtime.bigint() - start) / 1e6 / TRANSACTIONS);
      const used = process.cpuUsage(node);
      cpu[i]!.node += (used.user + used.system) / 1000;
      cpu[i]!.backend += processCpuMs(backend) - backendBefore;
      client.release();
    }
  }
  await Promise.all(pools.map((p) => p.end()));
  console.log(`| variant | ms per transaction (median block) | range of ${BLOCKS} blocks | CPU ms per transaction: node / backend |\n| --- | --- | --- | --- |`);
  for (const [i, v] of variants.entries()) {
    const sorted = [...perTransaction[i]!].sort((a, b) => a - b);
    console.log(`| ${v.name} | ${sorted[Math.floor(sorted.length / 2)]!.toFixed(3)} | ${sorted[0]!.toFixed(3)}–${sorted.at(-1)!.toFixed(3)} | ${(cpu[i]!.node / BLOCKS / TRANSACTIONS).toFixed(3)} / ${(cpu[i]!.backend / BLOCKS / TRANSACTIONS).toFixed(3)} |`);
  }
} finally {
  server.stop();
}
