import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStore } from '../../blobs/index.js';
import { AppError } from '../../shared/errors.js';
import { copyBlobsIn, copyBlobsOut, storeIsEmpty } from './blob-copy.js';
import { assertDatabaseEmpty, dumpDatabase, restoreDatabase, type DatabaseTarget } from './database-dump.js';
import { BACKUP_FORMAT, MANIFEST_FILE, readVerifiedManifest, sha256OfFile, type BackupManifest } from './manifest.js';

export type { BackupManifest } from './manifest.js';
export type { DatabaseTarget } from './database-dump.js';

export interface Installation {
  database: DatabaseTarget;
  blobs: BlobStore;
  appVersion: string;
}

async function assertDirectoryUnused(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (entries.length > 0) {
    throw new AppError('conflict', { detail: `Das Sicherungsverzeichnis „${dir}“ ist nicht leer; bitte ein neues angeben.`, internal: 'backup: dir not empty' });
  }
}

/**
 * A backup of the database and the blob store. The database is dumped first, the blobs copied
 * after: every file a row of the dump names was written before its row committed, so it is in the
 * store when the copy runs (blob GC only removes files nothing has named for its grace period).
 * Blobs written after the dump are copied too; they are harmless orphans after a restore.
 */
export async function backupInstallation(installation: Installation, dir: string): Promise<BackupManifest> {
  await assertDirectoryUnused(dir);
  await mkdir(join(dir, 'blobs'), { recursive: true });
  const createdAt = new Date().toISOString();
  const dumped = await dumpDatabase(installation.database, dir);
  const path = join(dir, dumped.file);
  const { size } = await stat(path);
  const blobs = await copyBlobsOut(installation.blobs, dir);
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt,
    appVersion: installation.appVersion,
    engine: installation.database.engine,
    migrations: dumped.migrations,
    counts: dumped.counts,
    database: { file: dumped.file, sha256: await sha256OfFile(path), bytes: size },
    blobs,
  };
  await writeFile(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Restores a backup into an empty installation. Everything is checked before the first write:
 * the target is empty, every file of the backup matches its hash, the engine fits. Blobs go in
 * before the database (in one transaction), so a failure leaves at most unreferenced files.
 */
export async function restoreInstallation(installation: Installation, dir: string): Promise<BackupManifest> {
  await assertDatabaseEmpty(installation.database);
  if (!(await storeIsEmpty(installation.blobs))) {
    throw new AppError('restore_target_not_empty', {
      detail: 'Die Wiederherstellung wird abgelehnt: Der Dateispeicher ist nicht leer. Eine Sicherung wird nur in eine leere Installation eingespielt ' +
        '(Restore refused: the target blob store is not empty).',
      internal: 'restore: blob store not empty',
    });
  }
  const manifest = await readVerifiedManifest(dir);
  if (manifest.engine !== installation.database.engine) {
    const names = { postgres: 'PostgreSQL', pglite: 'eingebettete Datenbank' };
    throw new AppError('backup_invalid', {
      detail: `Die Sicherung stammt aus einer Installation mit ${names[manifest.engine]}, diese nutzt ${names[installation.database.engine]}. ` +
        'Für einen Wechsel gibt es tenant export/import.',
      internal: 'restore: engine mismatch',
    });
  }
  await copyBlobsIn(installation.blobs, dir, manifest.blobs);
  await restoreDatabase(installation.database, join(dir, manifest.database.file));
  return manifest;
}
