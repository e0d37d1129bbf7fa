import { PassThrough, type Readable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * A streaming ZIP writer (PKWARE APPNOTE 6.3, deflate, data descriptors): each entry is compressed
 * and written as it is read, so an archive of many files needs memory for one chunk, not for the
 * archive. Sizes and CRC follow each entry in a data descriptor; the central directory at the end
 * repeats them. No ZIP64: callers keep the archive below 4 GiB (MAX_ZIP_BYTES).
 */
export const MAX_ZIP_BYTES = 0xffff_fff0;

interface Written { name: Buffer; crc: number; compressed: number; size: number; offset: number; time: number; date: number }

function dosDateTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((Math.max(at.getFullYear(), 1980) - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

const FLAGS = 0x0808; // bit 3: sizes in the data descriptor; bit 11: names are UTF-8

export class ZipWriter {
  readonly output = new PassThrough({ highWaterMark: 1 << 16 });
  private offset = 0;
  private readonly entries: Written[] = [];

  private async write(chunk: Buffer): Promise<void> {
    this.offset += chunk.length;
    if (this.offset > MAX_ZIP_BYTES) throw new Error('zip archive would exceed 4 GiB');
    if (!this.output.write(chunk)) await new Promise<void>((resolve, reject) => {
      const done = () => { this.output.off('close', closed); resolve(); };
      const closed = () => { this.output.off('drain', done); reject(new Error('zip output closed')); };
      this.output.once('drain', done);
      this.output.once('close', closed);
    });
  }

  /** Adds one file; resolves when its bytes are written (entries are written one after another). */
  async add(name: string, content: Buffer | Readable, modified = new Date()): Promise<void> {
    const entryName = Buffer.from(name, 'utf8');
    const { time, date } = dosDateTime(modified);
    const offset = this.offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(FLAGS, 6);
    header.writeUInt16LE(8, 8);
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    // crc and sizes (14..25) stay 0: they follow in the data descriptor.
    header.writeUInt16LE(entryName.length, 26);
    await this.write(Buffer.concat([header, entryName]));

    let crc = 0;
    let size = 0;
    let compressed = 0;
    const deflate = createDeflateRaw();
    const source: Iterable<Buffer> | AsyncIterable<Buffer> = Buffer.isBuffer(content) ? [content] : (content as AsyncIterable<Buffer>);
    const feeding = (async () => {
      for await (const chunk of source) {
        crc = crc32(chunk, crc);
        size += chunk.length;
        if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
      }
      deflate.end();
    })();
    feeding.catch((error: unknown) => deflate.destroy(error as Error));
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      compressed += chunk.length;
      await this.write(chunk);
    }
    await feeding;

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await this.write(descriptor);
    this.entries.push({ name: entryName, crc: crc >>> 0, compressed, size, offset, time, date });
  }

  /** Writes the central directory and ends the stream. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
      record.writeUInt16LE(20, 6);
      record.writeUInt16LE(FLAGS, 8);
      record.writeUInt16LE(8, 10);
      record.writeUInt16LE(e.time, 12);
      record.writeUInt16LE(e.date, 14);
      record.writeUInt32LE(e.crc, 16);
      record.writeUInt32LE(e.compressed, 20);
      record.writeUInt32LE(e.size, 24);
      record.writeUInt16LE(e.name.length, 28);
      record.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
      record.writeUInt32LE(e.offset, 42);
      await this.write(Buffer.concat([record, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.output.end();
  }
}
