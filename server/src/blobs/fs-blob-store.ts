import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../shared/errors.js';
import { randomToken } from '../shared/ids.js';
import type { BlobStore, ListedBlob, StoredBlob } from './blob-store.js';
import { removeOldFiles } from './temp-files.js';

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

const HEX2 = /^[0-9a-f]{2}$/;
const HASH = /^[0-9a-f]{64}$/;
const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/** Names of the sub-directories of dir that match pattern, sorted; none if dir does not exist. */
async function subdirs(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory() && pattern.test(e.name)).map((e) => e.name).sort();
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
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

  /** Directories known to exist (the store never removes one): saves a mkdir per upload. */
  private readonly knownDirs = new Set<string>();

  private async ensureDir(dir: string): Promise<void> {
    if (this.knownDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.knownDirs.add(dir);
  }

  async put(content: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    const tmpDir = join(this.dir, 'tmp');
    await this.ensureDir(tmpDir);
    const tmp = join(tmpDir, `${Date.now()}-${randomToken(8)}`);
    const limiter = hashingLimiter(options.maxBytes ?? this.defaultMaxBytes);
    // flush: the bytes reach the disk before the file is closed (fsync on the open descriptor).
    const sink = createWriteStream(tmp, { flags: 'wx', flush: true });
    try {
      await pipeline(content, limiter.transform, sink);
      const stored = limiter.result();
      const target = this.pathOf(stored.sha256);
      // Bytes on disk (flushed above) before the name: a crash never leaves a torn file under the
      // final name. Same content again replaces the file atomically (one file per hash; heals a damaged copy).
      await this.ensureDir(dirname(target));
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

  /** Walks <dir>/ab/cd/ (tmp/ and anything else not shaped like a blob is skipped); age from mtime. */
  async *list(olderThan: Date): AsyncIterable<ListedBlob> {
    for (const first of await subdirs(this.dir, HEX2)) {
      for (const second of await subdirs(join(this.dir, first), HEX2)) {
        const leaf = join(this.dir, first, second);
        let names: string[];
        try {
          names = await readdir(leaf);
        } catch (error) {
          if (isMissing(error)) continue;
          throw error;
        }
        for (const name of names.sort()) {
          if (!HASH.test(name) || !name.startsWith(first + second)) continue;
          try {
            const info = await stat(join(leaf, name));
            if (info.isFile() && info.mtime < olderThan) yield { sha256: name, storedAt: info.mtime };
          } catch (error) {
            if (!isMissing(error)) throw error;
          }
        }
      }
    }
  }

  /**
   * With ifOlderThan the file is first renamed aside (atomic), then its age checked: if a put() of
   * the same content renamed a fresh copy into place just before, that copy is what was moved and
   * it goes back (same bytes, so restoring over a newer copy is harmless); a put() just after
   * lands next to the aside file and stays. No moment exists where a fresh copy gets deleted.
   */
  async delete(sha256: string, options: { ifOlderThan?: Date } = {}): Promise<boolean> {
    const path = this.pathOf(sha256);
    if (!options.ifOlderThan) {
      try {
        await rm(path);
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    }
    const asideDir = join(this.dir, 'tmp', 'gc');
    await mkdir(asideDir, { recursive: true });
    const aside = join(asideDir, `${sha256}-${randomToken(8)}`);
    try {
      await rename(path, aside);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    try {
      if ((await stat(aside)).mtime >= options.ifOlderThan) {
        await rename(aside, path);
        return false;
      }
      await rm(aside);
      return true;
    } catch (error) {
      if (isMissing(error)) return false; // a concurrent removeStaleTempFiles() put it back
      throw error;
    }
  }

  /** Stale upload temp files in tmp/ go; blobs a crashed delete() left aside in tmp/gc/ go back. */
  async removeStaleTempFiles(olderThan: Date): Promise<number> {
    const removed = await removeOldFiles(join(this.dir, 'tmp'), olderThan);
    const asideDir = join(this.dir, 'tmp', 'gc');
    let aside: string[] = [];
    try {
      aside = await readdir(asideDir);
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    for (const name of aside) {
      const sha256 = name.slice(0, 64);
      if (!HASH.test(sha256)) continue;
      const target = this.pathOf(sha256);
      await mkdir(dirname(target), { recursive: true });
      // Restoring is always safe: the next collection decides again whether it is garbage. link()
      // never replaces a fresher copy uploaded meanwhile (its age must not be reset to the old one).
      const from = join(asideDir, name);
      try {
        await link(from, target);
      } catch (error) {
        if (isMissing(error)) continue; // its delete() finished meanwhile
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      await rm(from, { force: true });
    }
    return removed;
  }
}

