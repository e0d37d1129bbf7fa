import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { AppError } from '../../shared/errors.js';
import { entryBuffer, readTar, TarFormatError, type TarEntry } from './tar.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportManifest } from './exporter.js';

const refuse = (detail: string) => new AppError('export_invalid', { detail, field: 'file' });

/** The archive's entries, gunzipped when the file is gzip-compressed (as the export writes it). */
export async function* archiveEntries(path: string): AsyncGenerator<TarEntry> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const s = createReadStream(path, { start: 0, end: 1 });
    const parts: Buffer[] = [];
    s.on('data', (d) => parts.push(d as Buffer)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
  }).catch(() => {
    throw refuse(`Die Datei „${path}“ kann nicht gelesen werden.`);
  });
  const file = createReadStream(path);
  const source: Readable = head[0] === 0x1f && head[1] === 0x8b ? file.pipe(createGunzip()) : file;
  file.on('error', (e) => source.destroy(e));
  try {
    yield* readTar(source);
  } catch (error) {
    if (error instanceof TarFormatError || (error as { code?: string }).code === 'Z_DATA_ERROR' || (error as { code?: string }).code === 'Z_BUF_ERROR') {
      throw refuse('Die Datei ist kein vollständiges Amtsdesk-Exportarchiv (beschädigt oder abgeschnitten).');
    }
    throw error;
  } finally {
    source.destroy();
  }
}

/**
 * First pass over an archive, before anything is written: every entry hashes to what the archive's
 * checksum lists say, every file to its name, every checksum list to what the manifest says, and
 * the format version is one this installation reads. Memory: one checksum list (10,000 names).
 */
export async function checkArchive(path: string): Promise<ExportManifest> {
  const seen = new Map<string, string>();
  const lists = new Map<string, string>();
  let format: { format?: string; version?: number } | undefined;
  let manifest: ExportManifest | undefined;
  for await (const entry of archiveEntries(path)) {
    if (manifest) throw refuse('Das Archiv enthält Daten nach dem Manifest.');
    if (entry.name === 'manifest.json') {
      manifest = JSON.parse((await entryBuffer(entry, 64 * 1024 * 1024)).toString('utf8')) as ExportManifest;
      continue;
    }
    const hash = createHash('sha256');
    const content: Buffer[] = [];
    const keep = entry.name.startsWith('checksums/') || entry.name === 'format.json';
    for await (const part of entry.body) {
      hash.update(part);
      if (keep) content.push(part);
    }
    const digest = hash.digest('hex');
    if (entry.name === 'format.json') {
      format = JSON.parse(Buffer.concat(content).toString('utf8')) as typeof format;
      if (format?.format !== EXPORT_FORMAT) throw refuse('Die Datei ist kein Amtsdesk-Exportarchiv.');
      if (format.version !== EXPORT_VERSION) {
        throw refuse(`Das Archiv hat das Format in Version ${String(format.version)}; diese Installation liest Version ${EXPORT_VERSION}.`);
      }
    } else if (!format) {
      throw refuse('Die Datei ist kein Amtsdesk-Exportarchiv (format.json fehlt am Anfang).');
    }
    if (entry.name.startsWith('files/') && entry.name !== `files/${digest}`) throw refuse(`Die Datei ${entry.name} im Archiv ist beschädigt.`);
    if (entry.name.startsWith('checksums/')) {
      lists.set(entry.name, digest);
      for (const line of Buffer.concat(content).toString('utf8').split('\n')) {
        if (!line) continue;
        const [expected, name] = [line.slice(0, 64), line.slice(66)];
        if (seen.get(name) !== expected) throw refuse(`Der Eintrag ${name} im Archiv ist beschädigt oder fehlt.`);
        seen.delete(name);
      }
    } else {
      seen.set(entry.name, digest);
    }
  }
  if (!manifest) throw refuse('Das Archiv ist unvollständig: manifest.json fehlt.');
  if (seen.size > 0) throw refuse(`Das Archiv enthält ungeprüfte Einträge (${[...seen.keys()][0]}).`);
  for (const [name, digest] of lists) {
    if (manifest.checksums[name] !== digest) throw refuse(`Die Prüfsummenliste ${name} passt nicht zum Manifest.`);
  }
  if (Object.keys(manifest.checksums).length !== lists.size) throw refuse('Dem Archiv fehlen Prüfsummenlisten.');
  return manifest;
}
