import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, type AppConfig } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';

/**
 * Configuration for a command. A relative AMTSDESK_DATA_DIR (and the default `.data`) is resolved
 * against the directory the user typed the command in: `npm start` runs inside server/, but npm
 * keeps the original directory in INIT_CWD.
 */
export function cliConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const base = env.INIT_CWD || process.cwd();
  return loadConfig({ ...env, AMTSDESK_DATA_DIR: resolve(base, env.AMTSDESK_DATA_DIR || '.data') });
}

export function pgliteDirOf(config: AppConfig): string {
  return join(config.dataDir, 'pgdata');
}

const PID_FILE = 'server.pid';

/** The embedded database belongs to one process: refuse to open it while a server runs on it. */
export function assertEmbeddedDatabaseFree(config: AppConfig): void {
  const file = join(config.dataDir, PID_FILE);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!pid || pid === process.pid) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // stale file of a process that is gone
  }
  throw new Error(
    `Amtsdesk läuft bereits mit der eingebetteten Datenbank in ${config.dataDir} (Prozess ${pid}). ` +
      'Beenden Sie den Server zuerst oder verwenden Sie DATABASE_URL mit einem PostgreSQL-Server.',
  );
}

export function claimEmbeddedDatabase(config: AppConfig): () => void {
  if (config.databaseUrl) return () => {};
  mkdirSync(config.dataDir, { recursive: true });
  const file = join(config.dataDir, PID_FILE);
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

/** Opens (and migrates) the configured database: PostgreSQL with DATABASE_URL, else PGlite in the data dir. */
export async function openCliDatabase(config: AppConfig, options: { migrate?: boolean } = {}): Promise<Database> {
  if (!config.databaseUrl) assertEmbeddedDatabaseFree(config);
  return openDatabase({
    databaseUrl: config.databaseUrl,
    databaseAdminUrl: config.databaseAdminUrl,
    pgliteDir: config.databaseUrl ? undefined : pgliteDirOf(config),
    migrate: options.migrate,
  });
}

/** Runs fn with an open database and always closes it. */
export async function withCliDatabase<T>(config: AppConfig, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openCliDatabase(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
