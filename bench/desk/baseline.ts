import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../server/src/db/database.js';
import type { Database as Schema } from '../../server/src/db/schema.js';

/**
 * The baseline of an API call: the very SQL statements the API runs for it (captured once from the
 * real repository code through Kysely's query log), replayed with the plain pg driver in one
 * transaction as the app role — no HTTP, no authentication, no JSON, no Kysely.
 */

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** A Database whose every query is appended to `log` (same role and tenant handling as the app). */
export function capturingDatabase(url: string, log: CapturedQuery[]): Database {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('connect', (client) => {
    client.query('SET ROLE amtsdesk_app').catch(() => client.release(new Error('cannot assume app role')));
  });
  const kysely = new Kysely<Schema>({
    dialect: new PostgresDialect({ pool }),
    log(event) {
      if (event.level === 'query') log.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  return { kind: 'postgres', kysely, close: () => kysely.destroy() };
}

export async function baselineClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SET ROLE amtsdesk_app');
  return client;
}

export async function replay(client: pg.Client, queries: CapturedQuery[]): Promise<void> {
  await client.query('begin');
  try {
    for (const q of queries) await client.query(q.sql, q.parameters as unknown[]);
  } finally {
    await client.query('commit');
  }
}
