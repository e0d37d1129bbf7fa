import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { BlobStore } from '../../blobs/blob-store.js';

/**
 * A tar header names the entry's size before its bytes, and the blob store (file system or S3)
 * does not tell sizes. The blob is copied to a temporary file first; its hash is verified by the
 * store while it streams, so a damaged file fails the export instead of being exported.
 */
export async function spoolBlob(blobs: BlobStore, sha256: string, dir: string) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `export-${randomUUID()}.part`);
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(await blobs.get(sha256), counter, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return {
    size,
    read: () => createReadStream(path) as AsyncIterable<Buffer>,
    remove: () => rm(path, { force: true }),
  };
}
