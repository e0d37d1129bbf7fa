import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AppConfig } from '../config.js';
import { pgliteDialect } from '../db/pglite-dialect.js';
import { runMigrations } from '../db/migrate.js';
import { PGLITE_EXTENSIONS } from '../db/database.js';
import { parseOptions } from './args.js';
import { assertEmbeddedDatabaseFree, pgliteDirOf } from './context.js';
import type { Output } from './output.js';

/** `migrate`: applies pending migrations as the owner role and lists what it applied. */
export async function migrate(args: string[], config: AppConfig, out: Output): Promise<number> {
  parseOptions(args, {});
  let applied: string[];
  if (config.databaseUrl) {
    const admin = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.databaseAdminUrl ?? config.databaseUrl, max: 1 }) }),
    });
    try {
      applied = await runMigrations(admin);
    } finally {
      await admin.destroy();
    }
  } else {
    assertEmbeddedDatabaseFree(config);
    mkdirSync(config.dataDir, { recursive: true });
    const pglite = new PGlite({ dataDir: pgliteDirOf(config), extensions: PGLITE_EXTENSIONS });
    const admin = new Kysely<unknown>({ dialect: pgliteDialect(pglite) });
    try {
      applied = await runMigrations(admin);
    } finally {
      await admin.destroy();
      await pglite.close();
    }
  }
  if (applied.length === 0) out.log('Datenbankschema ist aktuell, keine Migration nötig.');
  for (const name of applied) out.log(`Migration angewendet: ${name}`);
  return 0;
}
