import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { readZip } from '../../../test/subject-kit.js';
import { ZipWriter } from './zip.js';

it('the ZIP writer streams entries of any size and every entry reads back byte for byte (CRC, sizes, UTF-8 names)', async () => {
  const zip = new ZipWriter();
  const chunks: Buffer[] = [];
  const collected = (async () => { for await (const c of zip.output) chunks.push(c as Buffer); })();
  // 4 MiB of varying bytes, produced in 64 KiB pieces: never held as one buffer by the writer.
  const piece = (i: number) => createHash('sha256').update(String(i)).digest().toString('hex').repeat(1024).slice(0, 65536);
  const big = Readable.from((function* () { for (let i = 0; i < 64; i++) yield Buffer.from(piece(i)); })());
  await zip.add('auskunft.json', Buffer.from('{"format":"amtsdesk-auskunft/1"}'));
  await zip.add('dateien/Ä-1/Bauzeichnung größer.pdf', big);
  await zip.add('leer.txt', Buffer.alloc(0));
  await zip.finish();
  await collected;
  const files = readZip(Buffer.concat(chunks));
  assert.deepEqual([...files.keys()], ['auskunft.json', 'dateien/Ä-1/Bauzeichnung größer.pdf', 'leer.txt']);
  assert.equal(files.get('auskunft.json')!.toString(), '{"format":"amtsdesk-auskunft/1"}');
  const expected = Buffer.concat(Array.from({ length: 64 }, (_, i) => Buffer.from(piece(i))));
  assert.ok(files.get('dateien/Ä-1/Bauzeichnung größer.pdf')!.equals(expected));
  assert.equal(files.get('leer.txt')!.length, 0);
});
