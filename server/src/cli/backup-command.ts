import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppConfig } from '../config.js';
import { createBlobStore } from '../blobs/index.js';
import { backupInstallation, restoreInstallation, type DatabaseTarget, type Installation } from '../ops/backup/index.js';
import { parseOptions, UsageError } from './args.js';
import { assertEmbeddedDatabaseFree, claimEmbeddedDatabase, pgliteDirOf } from './context.js';
import type { Output } from './output.js';

const APP_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function installationOf(config: AppConfig): Installation {
  const database: DatabaseTarget = config.databaseUrl
    ? { engine: 'postgres', adminUrl: config.databaseAdminUrl ?? config.databaseUrl }
    : { engine: 'pglite', dir: pgliteDirOf(config) };
  return { database, blobs: createBlobStore(config), appVersion: APP_VERSION };
}

function directoryArgument(args: string[]): string {
  parseOptions(args.filter((a) => a.startsWith('-')), {});
  const positional = args.filter((a) => !a.startsWith('-'));
  if (positional.length !== 1) throw new UsageError('Das Sicherungsverzeichnis fehlt (amtsdesk backup <Verzeichnis>).');
  return resolve(process.env.INIT_CWD || process.cwd(), positional[0]!);
}

/**
 * Runs fn holding the embedded database (no server may have it open meanwhile); with PostgreSQL
 * the installation keeps running.
 */
async function withInstallation<T>(config: AppConfig, fn: (installation: Installation) => Promise<T>): Promise<T> {
  if (config.databaseUrl) return fn(installationOf(config));
  assertEmbeddedDatabaseFree(config);
  const release = claimEmbeddedDatabase(config);
  try {
    return await fn(installationOf(config));
  } finally {
    release();
  }
}

/** `backup <dir>`: database dump, every blob and a manifest of hashes. */
export async function backup(args: string[], config: AppConfig, out: Output): Promise<number> {
  const dir = directoryArgument(args);
  const manifest = await withInstallation(config, (installation) => backupInstallation(installation, dir));
  const bytes = manifest.blobs.reduce((sum, b) => sum + b.bytes, 0);
  out.log(`Sicherung geschrieben: ${dir}`);
  out.log(`  ${manifest.counts.tenants} Kommunen, ${manifest.counts.cases} Vorgänge, ${manifest.blobs.length} Dateien (${bytes} Bytes), ` +
    `Schema ${manifest.migrations.at(-1) ?? '–'}`);
  out.log('  Prüfsummen in manifest.json; Schlüssel und Geheimnisse (z. B. AMTSDESK_AUDIT_KEY_FILE) getrennt sichern.');
  return 0;
}

/** `restore <dir>`: into an empty installation only; checks the whole backup before the first write. */
export async function restore(args: string[], config: AppConfig, out: Output): Promise<number> {
  const dir = directoryArgument(args);
  const manifest = await withInstallation(config, (installation) => restoreInstallation(installation, dir));
  out.log(`Sicherung vom ${manifest.createdAt} eingespielt: ${manifest.counts.tenants} Kommunen, ${manifest.counts.cases} Vorgänge, ${manifest.blobs.length} Dateien.`);
  out.log('Als Nächstes: amtsdesk migrate (falls diese Version neuer ist), dann amtsdesk audit verify.');
  return 0;
}
