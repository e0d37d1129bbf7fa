import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Database } from '../db/database.js';
import { MIGRATIONS_DIR } from '../db/migrate.js';

/** Why an instance should not get traffic: which check failed, a German detail, an internal log line. */
export interface NotReady {
  check: 'database' | 'schema' | 'store';
  detail: string;
  internal: string;
}

const SHIPPED_MIGRATIONS = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
/** A hash no blob has: has() answers false from a healthy store and throws from an unreachable one. */
const PROBE_HASH = '0'.repeat(64);
const STORE_TIMEOUT_MS = 3000;
const INSUFFICIENT_PRIVILEGE = '42501';
const UNDEFINED_TABLE = '42P01';

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function appliedMigrations(db: Database): Promise<string[] | NotReady> {
  try {
    const { rows } = await sql<{ name: string }>`select name from schema_migrations`.execute(db.kysely);
    return rows.map((r) => r.name);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // No table yet: nothing applied. Before 0051 the app role may not read it: 0051 is pending.
    if (code === UNDEFINED_TABLE) return [];
    if (code === INSUFFICIENT_PRIVILEGE) return SHIPPED_MIGRATIONS.filter((m) => m < '0051');
    return { check: 'database', detail: 'Die Datenbank antwortet nicht.', internal: `readyz: database: ${(error as Error).message}` };
  }
}

/**
 * What a load balancer needs to know before sending a request here: the database answers, its
 * schema has every migration this release ships (a rolling upgrade's new pods wait for the
 * migration Job), and the blob store answers. Null when ready.
 */
export async function notReadyReason(db: Database, blobs: BlobStore): Promise<NotReady | null> {
  const applied = await appliedMigrations(db);
  if (!Array.isArray(applied)) return applied;
  const done = new Set(applied);
  const pending = SHIPPED_MIGRATIONS.filter((m) => !done.has(m));
  if (pending.length > 0) {
    return {
      check: 'schema',
      detail: `Das Datenbankschema ist älter als diese Version: ${pending.length} Migration(en) ausstehend (zuerst ${pending[0]}). Bitte „amtsdesk migrate“ ausführen.`,
      internal: `readyz: schema: pending ${pending.join(', ')}`,
    };
  }
  try {
    await withTimeout(blobs.has(PROBE_HASH), STORE_TIMEOUT_MS);
  } catch (error) {
    return { check: 'store', detail: 'Der Dateispeicher antwortet nicht.', internal: `readyz: store: ${(error as Error).message}` };
  }
  return null;
}
