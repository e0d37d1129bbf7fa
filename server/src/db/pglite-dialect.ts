import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect } from 'kysely';

/**
 * Kysely's PostgresDialect talks to a `pg`-style pool. PGlite is one in-process connection, so this
 * pool hands it out to one holder at a time; a transaction therefore never interleaves with another.
 */
export function pgliteDialect(pglite: PGlite): PostgresDialect {
  let queue: Promise<void> = Promise.resolve();
  const client = {
    async query(sqlText: string, params: readonly unknown[]) {
      const command = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase() ?? 'SELECT';
      // Parameterless text may hold several statements (migrations): only the simple protocol runs those.
      const result =
        params.length === 0
          ? (await pglite.exec(sqlText)).at(-1) ?? { rows: [], affectedRows: 0 }
          : await pglite.query(sqlText, params as unknown[], { rowMode: 'object' });
      return { rows: result.rows, command, rowCount: result.affectedRows ?? result.rows.length };
    },
    release() {},
  };
  const pool = {
    async connect() {
      let release!: () => void;
      const previous = queue;
      queue = new Promise<void>((resolve) => (release = resolve));
      await previous;
      return { ...client, release };
    },
    async end() {},
  };
  return new PostgresDialect({ pool: pool as never });
}
