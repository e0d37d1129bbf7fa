import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../migrations');

/** Applies pending SQL migrations in name order, each in its own transaction, under an advisory lock. */
export async function runMigrations(db: Kysely<any>, dir = MIGRATIONS_DIR): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(727274)`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const done = new Set(
        (await sql<{ name: string }>`select name from schema_migrations`.execute(conn)).rows.map((r) => r.name),
      );
      const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
      for (const file of files) {
        if (done.has(file)) continue;
        const text = readFileSync(join(dir, file), 'utf8');
        await conn.transaction().execute(async (trx) => {
          await sql.raw(text).execute(trx);
          await sql`insert into schema_migrations (name) values (${file})`.execute(trx);
        });
        applied.push(file);
      }
    } finally {
      await sql`select pg_advisory_unlock(727274)`.execute(conn);
    }
  });
  return applied;
}

/**
 * Migrations the database has applied that this version does not ship: a newer version migrated
 * it (a rolling upgrade, or an old instance started late). Such an instance must not serve.
 */
export async function unknownMigrations(db: Kysely<any>, dir = MIGRATIONS_DIR): Promise<string[]> {
  const known = new Set(readdirSync(dir).filter((f) => f.endsWith('.sql')));
  const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return rows.map((r) => r.name).filter((name) => !known.has(name));
}

/** The log line (and the CLI's message) for a schema newer than this version. */
export function newerSchemaMessage(unknown: string[]): string {
  return `database schema is newer than this version of Amtsdesk (unknown migrations: ${unknown.join(', ')}): upgrade this instance; it stays unready`;
}
