import { after, before, describe } from 'node:test';
import pg from 'pg';
import { openDatabase, type Database, type DbKind } from '../src/db/database.js';
import { randomToken } from '../src/shared/ids.js';

/**
 * The integration suite runs against both storage engines. scripts/run-tests.mjs starts a real
 * PostgreSQL server and exports its superuser URL; each test file gets its own fresh database.
 */
export function databaseKinds(): DbKind[] {
  if (process.env.AMTSDESK_TEST_PG_URL) return ['pglite', 'postgres'];
  if (process.env.CI) throw new Error('AMTSDESK_TEST_PG_URL is not set: run the suite through scripts/run-tests.mjs');
  return ['pglite'];
}

export interface TestDatabase {
  db: Database;
  kind: DbKind;
  /** Superuser connection for checks the app must not be able to do (tampering, role inspection). */
  adminQuery<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
  /** Connection string for a second app process (postgres only). */
  url?: string;
  close(): Promise<void>;
}

/**
 * A fresh database of the given kind. options.pgliteDir keeps an embedded database on disk, so a
 * child process (the real CLI) can open it after this one is closed.
 */
export async function createTestDatabase(kind: DbKind, options: { pgliteDir?: string } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase({ pgliteDir: options.pgliteDir });
    // PGlite is one connection working as the app role; admin checks step out of it briefly.
    const { sql } = await import('kysely');
    return {
      db,
      kind,
      async adminQuery(text, params = []) {
        return db.kysely.connection().execute(async (conn) => {
          await sql`reset role`.execute(conn);
          try {
            const res = await sql.raw(bindParams(text, params)).execute(conn);
            return res.rows as never;
          } finally {
            await sql`set role amtsdesk_app`.execute(conn);
          }
        });
      },
      close: () => db.close(),
    };
  }
  const baseUrl = process.env.AMTSDESK_TEST_PG_URL!;
  const name = `amtsdesk_t_${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  const adminPool = new pg.Pool({ connectionString: url.toString(), max: 2 });
  return {
    db,
    kind,
    url: url.toString(),
    async adminQuery(text, params = []) {
      return (await adminPool.query(text, params)).rows;
    },
    async close() {
      await db.close();
      await adminPool.end();
    },
  };
}

/** PGlite's raw path takes no parameters; inline them as literals for admin-only test queries. */
function bindParams(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, i: string) => {
    const v = params[Number(i) - 1];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return `'${String(v).replace(/'/g, "''")}'`;
  });
}

/**
 * describe() once per storage engine, with a fresh database for the block.
 * Usage: describeEachDatabase('cases', (t) => { it('…', async () => { t.db … }) })
 */
export function describeEachDatabase(name: string, body: (t: TestDatabase) => void): void {
  for (const kind of databaseKinds()) {
    describe(`${name} [${kind}]`, () => {
      const holder = {} as TestDatabase;
      before(async () => {
        Object.assign(holder, await createTestDatabase(kind));
      });
      after(async () => {
        await holder.close?.();
      });
      body(holder);
    });
  }
}
