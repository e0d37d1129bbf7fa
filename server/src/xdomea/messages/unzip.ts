import { inflateRawSync } from 'node:zlib';
import { AppError } from '../../shared/errors.js';

const refuse = (detail: string, internal: string) => new AppError('xdomea_message_invalid', { field: 'body', detail, internal });

/**
 * The one message XML from an answer package (xdomea answers travel as ZIPs like our messages).
 * Reads the central directory, takes the only `.xml` entry, and inflates it with a hard output
 * bound, so a ZIP bomb stops at `maxBytes` instead of filling memory. Stored and deflated entries only.
 */
export function messageXmlFromZip(zip: Buffer, maxBytes: number): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > zip.length) throw refuse('Das ZIP-Paket ist beschädigt.', 'zip: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const xmlEntries: Array<{ name: string; method: number; compressed: number; size: number; local: number }> = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw refuse('Das ZIP-Paket ist beschädigt.', 'zip: bad central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (name.toLowerCase().endsWith('.xml') && !name.includes('/')) {
      xmlEntries.push({ name, method: zip.readUInt16LE(at + 10), compressed: zip.readUInt32LE(at + 20), size: zip.readUInt32LE(at + 24), local: zip.readUInt32LE(at + 42) });
    }
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  if (xmlEntries.length !== 1) throw refuse('Das ZIP-Paket muss genau eine xdomea-Nachricht (XML-Datei) enthalten.', `zip: ${xmlEntries.length} xml entries`);
  const entry = xmlEntries[0]!;
  if (entry.size > maxBytes) throw refuse('Die xdomea-Nachricht ist zu groß.', `zip: entry declares ${entry.size} bytes`);
  if (entry.local + 30 > zip.length || zip.readUInt32LE(entry.local) !== 0x04034b50) throw refuse('Das ZIP-Paket ist beschädigt.', 'zip: bad local header');
  const start = entry.local + 30 + zip.readUInt16LE(entry.local + 26) + zip.readUInt16LE(entry.local + 28);
  const data = zip.subarray(start, start + entry.compressed);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw refuse('Die xdomea-Nachricht ist zu groß.', 'zip: stored entry too large');
    return Buffer.from(data);
  }
  if (entry.method !== 8) throw refuse('Das ZIP-Paket verwendet ein nicht unterstütztes Kompressionsverfahren.', `zip: method ${entry.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (error) {
    const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw refuse(tooLarge ? 'Die xdomea-Nachricht ist zu groß.' : 'Das ZIP-Paket ist beschädigt.', `zip: ${String((error as Error).message)}`);
  }
}
