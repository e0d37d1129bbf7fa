import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PGLITE_EXTENSIONS } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';

/** Where the database lives: a PostgreSQL server (owner connection) or the embedded data directory. */
export type DatabaseTarget = { engine: 'postgres'; adminUrl: string } | { engine: 'pglite'; dir: string };

export const DUMP_FILES = { postgres: 'database.pgdump', pglite: 'database.pglite.tar.gz' } as const;

export interface DatabaseFacts {
  migrations: string[];
  counts: { tenants: number; cases: number };
}

const FACTS_SQL = {
  migrations: 'select name from schema_migrations order by name',
  counts: 'select (select count(*) from tenants)::int as tenants, (select count(*) from cases)::int as cases',
};

/**
 * The pg tools get the connection without the password on their command line (visible to every
 * user of the machine in the process list); it travels in PGPASSWORD instead.
 */
function toolConnection(url: string): { dsn: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dsn: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function runTool(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    child.on('error', (error) => reject(new AppError('unavailable', {
      detail: `Das Programm ${command} fehlt (Paket postgresql-client installieren).`, internal: `${command}: ${error.message}`,
    })));
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new AppError('internal', { detail: `${command} ist fehlgeschlagen: ${stderr.trim().split('\n').slice(-3).join(' ')}`, internal: `${command} exit ${code}` }));
    });
  });
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function pgliteFacts(pglite: PGlite): Promise<DatabaseFacts> {
  const migrations = (await pglite.query<{ name: string }>(FACTS_SQL.migrations)).rows.map((r) => r.name);
  const counts = (await pglite.query<DatabaseFacts['counts']>(FACTS_SQL.counts)).rows[0]!;
  return { migrations, counts };
}

/**
 * Writes a consistent dump into dir. PostgreSQL: pg_dump in custom format (one snapshot, taken
 * while the installation keeps running). PGlite: its own data-directory dump, taken while this
 * process holds the embedded database (the caller made sure no server has it open).
 */
export async function dumpDatabase(target: DatabaseTarget, dir: string): Promise<DatabaseFacts & { file: string }> {
  const file = DUMP_FILES[target.engine];
  if (target.engine === 'postgres') {
    const facts = await withAdminClient(target.adminUrl, async (client) => ({
      migrations: (await client.query<{ name: string }>(FACTS_SQL.migrations)).rows.map((r) => r.name),
      counts: (await client.query<DatabaseFacts['counts']>(FACTS_SQL.counts)).rows[0]!,
    }));
    const { dsn, env } = toolConnection(target.adminUrl);
    await runTool('pg_dump', ['--format=custom', '--no-owner', `--file=${join(dir, file)}`, `--dbname=${dsn}`], env);
    return { ...facts, file };
  }
  if (!existsSync(join(target.dir, 'PG_VERSION'))) {
    throw new AppError('not_found', { detail: `Im Datenverzeichnis liegt keine eingebettete Datenbank (${target.dir}).`, internal: 'backup: no pgdata' });
  }
  const pglite = new PGlite({ dataDir: target.dir, extensions: PGLITE_EXTENSIONS });
  try {
    const facts = await pgliteFacts(pglite);
    const dump = await pglite.dumpDataDir('gzip');
    await writeFile(join(dir, file), Buffer.from(await dump.arrayBuffer()));
    return { ...facts, file };
  } finally {
    await pglite.close();
  }
}

function notEmpty(what: string): AppError {
  return new AppError('restore_target_not_empty', {
    detail: `Die Wiederherstellung wird abgelehnt: ${what} ist nicht leer. Eine Sicherung wird nur in eine leere Installation eingespielt ` +
      '(Restore refused: the target installation is not empty).',
    internal: `restore: ${what} not empty`,
  });
}

/** Refuses (restore_target_not_empty) unless the target database has no tables of its own yet. */
export async function assertDatabaseEmpty(target: DatabaseTarget): Promise<void> {
  if (target.engine === 'pglite') {
    if (existsSync(target.dir) && readdirSync(target.dir).length > 0) throw notEmpty(`Die eingebettete Datenbank (${target.dir})`);
    return;
  }
  const tables = await withAdminClient(target.adminUrl, async (client) =>
    (await client.query<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname = 'public'`)).rows[0]!.n);
  if (tables > 0) throw notEmpty(`Die Zieldatenbank (${tables} Tabellen)`);
}

/**
 * Loads a dump into the (empty) target. PostgreSQL: the application roles are cluster-wide and not
 * part of a database dump, so they are created first (as migrations 0001 and 0067 do); pg_restore runs in one
 * transaction and stops at the first error, so a failed restore leaves the database empty.
 */
export async function restoreDatabase(target: DatabaseTarget, file: string): Promise<void> {
  if (target.engine === 'pglite') {
    const pglite = new PGlite({ dataDir: target.dir, extensions: PGLITE_EXTENSIONS, loadDataDir: new Blob([await readFile(file)]) });
    await pglite.waitReady;
    await pglite.close();
    return;
  }
  await withAdminClient(target.adminUrl, (client) => client.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'amtsdesk_app') THEN
      CREATE ROLE amtsdesk_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'amtsdesk_delegate') THEN
      CREATE ROLE amtsdesk_delegate NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
    END IF;
    GRANT amtsdesk_app TO amtsdesk_delegate; END $$`));
  const { dsn, env } = toolConnection(target.adminUrl);
  await runTool('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${dsn}`, file], env);
}
