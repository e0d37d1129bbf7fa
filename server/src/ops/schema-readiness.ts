import type { Database } from '../db/database.js';
import { newerSchemaMessage, unknownMigrations } from '../db/migrate.js';

const RECHECK_MS = 10_000;

/**
 * Whether the database's schema is one this version knows. Asked by /readyz; the answer is kept for
 * a few seconds (probes come often, a newer version migrates rarely). The log line is written when
 * the instance turns unready, not on every probe.
 */
export function schemaReadiness(db: Database, logger: { error(obj: object, msg: string): void }): () => Promise<string[]> {
  let checkedAt = 0;
  let unknown: string[] = [];
  return async () => {
    if (Date.now() - checkedAt < RECHECK_MS) return unknown;
    const found = await unknownMigrations(db.kysely);
    if (found.length > 0 && unknown.length === 0) logger.error({ unknownMigrations: found }, newerSchemaMessage(found));
    unknown = found;
    checkedAt = Date.now();
    return unknown;
  };
}
