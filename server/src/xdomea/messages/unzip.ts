import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../shared/errors.js';

const refuse = (detail: string, internal: string) => new AppError('xdomea_message_invalid', { field: 'body', detail, internal });
const TOO_LARGE = 'Die xdomea-Nachricht ist zu groß.';
const BROKEN = 'Das ZIP-Paket ist beschädigt.';

interface Entry { name: string; method: number; compressed: number; size: number; local: number }

function centralDirectory(zip: Buffer): Entry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw refuse(BROKEN, 'zip: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw refuse(BROKEN, 'zip: bad central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      method: zip.readUInt16LE(at + 10), compressed: zip.readUInt32LE(at + 20), size: zip.readUInt32LE(at + 24), local: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** One entry's bytes, inflated with a hard output bound: a ZIP bomb stops at maxBytes instead of filling memory. */
function contentOf(zip: Buffer, entry: Entry, maxBytes: number): Buffer {
  if (entry.size > maxBytes) throw refuse(TOO_LARGE, `zip: entry declares ${entry.size} bytes`);
  if (entry.local + 30 > zip.length || zip.readUInt32LE(entry.local) !== 0x04034b50) throw refuse(BROKEN, 'zip: bad local header');
  const start = entry.local + 30 + zip.readUInt16LE(entry.local + 26) + zip.readUInt16LE(entry.local + 28);
  const data = zip.subarray(start, start + entry.compressed);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw refuse(TOO_LARGE, 'zip: stored entry too large');
    return Buffer.from(data);
  }
  if (entry.method !== 8) throw refuse('Das ZIP-Paket verwendet ein nicht unterstütztes Kompressionsverfahren.', `zip: method ${entry.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (error) {
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw refuse(tooLarge ? TOO_LARGE : BROKEN, `zip: ${String((error as Error).message)}`);
  }
}

/** Every entry of a package, each bounded by maxBytes (stored and deflated entries, no ZIP64). */
export function readZipEntries(zip: Buffer, maxBytes: number): Map<string, Buffer> {
  return new Map(centralDirectory(zip).map((e) => [e.name, contentOf(zip, e, maxBytes)]));
}

/**
 * The one message XML of an answer package (xdomea answers travel as ZIPs like our messages):
 * the only top-level `.xml` entry; other files are not read at all.
 */
export function messageXmlFromZip(zip: Buffer, maxBytes: number): Buffer {
  const xml = centralDirectory(zip).filter((e) => e.name.toLowerCase().endsWith('.xml') && !e.name.includes('/'));
  if (xml.length !== 1) throw refuse('Das ZIP-Paket muss genau eine xdomea-Nachricht (XML-Datei) enthalten.', `zip: ${xml.length} xml entries`);
  return contentOf(zip, xml[0]!, maxBytes);
}
