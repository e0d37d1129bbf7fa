import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { BlobStore } from '../../blobs/index.js';
import { AppError } from '../../shared/errors.js';
import { blobPath, type BackupManifest } from './manifest.js';

/** Every blob, however recent: list() takes "written before", so ask for a moment in the future. */
function everything(store: BlobStore) {
  return store.list(new Date(Date.now() + 24 * 3600 * 1000));
}

/**
 * Copies every blob of the store into dir/blobs. The store's get() verifies the hash while
 * streaming, so a damaged file fails the backup instead of being preserved silently.
 */
export async function copyBlobsOut(store: BlobStore, dir: string): Promise<BackupManifest['blobs']> {
  const copied: BackupManifest['blobs'] = [];
  for await (const { sha256 } of everything(store)) {
    const target = blobPath(dir, sha256);
    await mkdir(dirname(target), { recursive: true });
    let bytes = 0;
    const source = await store.get(sha256);
    source.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await pipeline(source, createWriteStream(`${target}.part`));
    await rename(`${target}.part`, target);
    copied.push({ sha256, bytes });
  }
  return copied.sort((a, b) => a.sha256.localeCompare(b.sha256));
}

export async function storeIsEmpty(store: BlobStore): Promise<boolean> {
  for await (const _blob of everything(store)) return false;
  return true;
}

/** Puts the backed-up blobs into the store and checks the store computed the same hash. */
export async function copyBlobsIn(store: BlobStore, dir: string, blobs: BackupManifest['blobs']): Promise<void> {
  for (const blob of blobs) {
    const stored = await store.put(createReadStream(blobPath(dir, blob.sha256)), { maxBytes: Number.MAX_SAFE_INTEGER });
    if (stored.sha256 !== blob.sha256) {
      throw new AppError('integrity_error', { detail: `Die Datei ${blob.sha256} kam im Speicher verändert an.`, internal: `restore: store hashed ${stored.sha256}` });
    }
  }
}
