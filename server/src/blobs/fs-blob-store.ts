import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../shared/errors.js';
import { randomToken } from '../shared/ids.js';
import type { BlobStore, StoredBlob } from './blob-store.js';

/** Counts and hashes bytes as they pass; fails the pipeline past the limit. */
export function hashingLimiter(maxBytes: number) {
  const hash = createHash('sha256');
  let size = 0;
  const transform = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      size += chunk.length;
      if (size > maxBytes) {
        callback(new AppError('payload_too_large', { detail: `Die Datei ist größer als ${Math.floor(maxBytes / 1048576)} MB.` }));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { transform, result: (): StoredBlob => ({ sha256: hash.digest('hex'), sizeBytes: size }) };
}

/** Passes bytes through and errors at the end if they do not hash to the expected value. */
export function verifyingStream(expectedSha256: string): Transform {
  const hash = createHash('sha256');
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hash.digest('hex');
      if (actual !== expectedSha256) {
        callback(new AppError('integrity_error', { internal: `blob ${expectedSha256} hashes to ${actual}` }));
        return;
      }
      callback();
    },
  });
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Local file system, content-addressed: <dir>/ab/cd/abcd…; written to a temp file, then renamed. */
export class FsBlobStore implements BlobStore {
  constructor(
    private readonly dir: string,
    private readonly defaultMaxBytes: number,
  ) {}

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('not_found');
    return join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(content: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const tmpDir = join(this.dir, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${Date.now()}-${randomToken(8)}`);
    const limiter = hashingLimiter(options.maxBytes ?? this.defaultMaxBytes);
    const sink = createWriteStream(tmp, { flags: 'wx' });
    try {
      await pipeline(content, limiter.transform, sink);
      const stored = limiter.result();
      const target = this.pathOf(stored.sha256);
      // Bytes on disk before the name: a crash never leaves a torn file under the final name.
      // Same content again replaces the file atomically (one file per hash; heals a damaged copy).
      await fsyncPath(tmp);
      await mkdir(dirname(target), { recursive: true });
      await rename(tmp, target);
      await fsyncPath(dirname(target)).catch(() => {}); // persist the rename (not supported everywhere)
      return stored;
    } catch (error) {
      // A failed pipeline may still have the file's open() pending: wait until the sink has
      // closed, or the open would create the temp file after we removed it.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async get(sha256: string): Promise<Readable> {
    const path = this.pathOf(sha256);
    if (!(await this.has(sha256))) throw new AppError('not_found', { detail: 'Die Datei wurde nicht gefunden.' });
    const verifier = verifyingStream(sha256);
    const source = createReadStream(path);
    source.on('error', (err) => verifier.destroy(err));
    return source.pipe(verifier);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await stat(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }
}

