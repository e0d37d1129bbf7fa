import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../shared/errors.js';

export const BACKUP_FORMAT = 'amtsdesk-backup/1';
export const MANIFEST_FILE = 'manifest.json';

/**
 * What a backup directory holds, written last: a directory without it is an unfinished backup and
 * restore refuses it. Every file is named with its SHA-256 so a damaged or edited backup is caught
 * before anything is written into the new installation.
 */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  appVersion: string;
  engine: 'postgres' | 'pglite';
  /** Applied migrations at the backup point: a newer release migrates the restored data forward. */
  migrations: string[];
  counts: { tenants: number; cases: number };
  database: { file: string; sha256: string; bytes: number };
  /** Blob files are stored under blobs/<sha256>; their name is their hash. */
  blobs: Array<{ sha256: string; bytes: number }>;
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export function blobPath(dir: string, sha256: string): string {
  return join(dir, 'blobs', sha256);
}

function invalid(detail: string, internal: string): AppError {
  return new AppError('backup_invalid', { detail, internal });
}

/** Reads the manifest and checks every file against it; throws backup_invalid naming the first problem. */
export async function readVerifiedManifest(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch {
    throw invalid(`In „${dir}“ liegt keine lesbare Sicherung (${MANIFEST_FILE} fehlt oder ist beschädigt).`, 'restore: manifest unreadable');
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw invalid(`Die Sicherung hat das unbekannte Format „${String(manifest.format)}“ (erwartet ${BACKUP_FORMAT}).`, 'restore: unknown format');
  }
  const checks = [
    { path: join(dir, manifest.database.file), sha256: manifest.database.sha256, name: manifest.database.file },
    ...manifest.blobs.map((b) => ({ path: blobPath(dir, b.sha256), sha256: b.sha256, name: `blobs/${b.sha256}` })),
  ];
  for (const check of checks) {
    let actual: string;
    try {
      actual = await sha256OfFile(check.path);
    } catch {
      throw invalid(`Die Datei „${check.name}“ der Sicherung fehlt.`, `restore: missing ${check.name}`);
    }
    if (actual !== check.sha256) {
      throw invalid(`Die Datei „${check.name}“ der Sicherung ist verändert oder beschädigt (Prüfsumme stimmt nicht).`, `restore: hash mismatch ${check.name}`);
    }
  }
  return manifest;
}
