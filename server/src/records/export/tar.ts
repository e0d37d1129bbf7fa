import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';

/**
 * A minimal POSIX ustar writer and reader: enough for the tenant export, which only holds regular
 * files with ASCII names below 100 characters. Written by hand so the archive streams with bounded
 * memory and any `tar` can read it (no dependency, no format of our own).
 */
const BLOCK = 512;
const MAX_SIZE = 8 ** 11 - 1; // 11 octal digits: 8 GiB − 1, ustar's limit for one entry

function header(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 99 || !/^[\x20-\x7e]+$/.test(name)) throw new Error(`tar: unsupported entry name ${name}`);
  if (size > MAX_SIZE) throw new Error(`tar: entry ${name} is larger than 8 GiB`);
  const block = Buffer.alloc(BLOCK, 0);
  block.write(name, 0, 'ascii');
  block.write('0000644\0', 100, 'ascii');
  block.write('0000000\0', 108, 'ascii');
  block.write('0000000\0', 116, 'ascii');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  block.write(`${Math.floor(mtime.getTime() / 1000).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\x0000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return block;
}

async function write(out: Writable, chunk: Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export class TarWriter {
  constructor(private readonly out: Writable, private readonly mtime = new Date()) {}

  async addBuffer(name: string, content: Buffer): Promise<void> {
    await write(this.out, header(name, content.length, this.mtime));
    await write(this.out, content);
    await this.pad(content.length);
  }

  /** Streams an entry whose size is known beforehand; fails if the stream delivers another size. */
  async addStream(name: string, size: number, content: AsyncIterable<Buffer>): Promise<void> {
    await write(this.out, header(name, size, this.mtime));
    let written = 0;
    for await (const chunk of content) {
      written += chunk.length;
      if (written > size) throw new Error(`tar: ${name} is longer than announced`);
      await write(this.out, chunk);
    }
    if (written !== size) throw new Error(`tar: ${name} is shorter than announced`);
    await this.pad(size);
  }

  /** Two zero blocks end the archive. */
  async finish(): Promise<void> {
    await write(this.out, Buffer.alloc(BLOCK * 2, 0));
  }

  private async pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await write(this.out, Buffer.alloc(BLOCK - rest, 0));
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; must be read to the end (or skipped with drain()) before the next entry. */
  body: AsyncIterable<Buffer>;
}

export class TarFormatError extends Error {}

/** Reads a tar stream entry by entry with bounded memory (one chunk of the source at a time). */
export async function* readTar(source: Readable | AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let buffered: Buffer = Buffer.alloc(0);
  async function fill(n: number): Promise<boolean> {
    while (buffered.length < n) {
      const next = await iterator.next();
      if (next.done) return false;
      buffered = buffered.length ? Buffer.concat([buffered, next.value]) : next.value;
    }
    return true;
  }
  function take(n: number): Buffer {
    const part = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return part;
  }
  for (;;) {
    if (!(await fill(BLOCK))) throw new TarFormatError('tar: archive ends without end marker');
    const block = take(BLOCK);
    if (block.every((b) => b === 0)) return;
    const name = block.subarray(0, 100).toString('ascii').replace(/\0.*$/s, '');
    const size = parseInt(block.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new TarFormatError(`tar: bad size of ${name}`);
    let consumed = false;
    async function* body(): AsyncGenerator<Buffer> {
      let left = size;
      while (left > 0) {
        if (buffered.length === 0 && !(await fill(1))) throw new TarFormatError(`tar: ${name} is cut short`);
        const part = take(Math.min(left, buffered.length));
        left -= part.length;
        yield part;
      }
      const padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (!(await fill(padding))) throw new TarFormatError(`tar: ${name} is cut short`);
      take(padding);
      consumed = true;
    }
    const entry = { name, size, body: body() };
    yield entry;
    if (!consumed) for await (const _ of entry.body) void _; // the caller skipped the rest
  }
}

/** Reads a whole (small) entry into memory, refusing entries above limit bytes. */
export async function entryBuffer(entry: TarEntry, limit: number): Promise<Buffer> {
  if (entry.size > limit) throw new TarFormatError(`tar: ${entry.name} is larger than ${limit} bytes`);
  const parts: Buffer[] = [];
  for await (const part of entry.body) parts.push(part);
  return Buffer.concat(parts);
}
