import { after, before, it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../shared/errors.js';
import { FsBlobStore } from './fs-blob-store.js';
import { generatedContent, readAll } from '../../test/streams.js';

const HOUR = 60 * 60 * 1000;
const hoursAgo = (h: number) => new Date(Date.now() - h * HOUR);
async function listed(store: FsBlobStore, olderThan: Date): Promise<string[]> {
  const out: string[] = [];
  for await (const b of store.list(olderThan)) out.push(b.sha256);
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('file-system blob store', () => {
  let dir: string;
  let store: FsBlobStore;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'amtsdesk-blobs-'));
    store = new FsBlobStore(dir, 8 * 1024 * 1024);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stores a few MB streamed and reads back exactly the same bytes, addressed by their hash', async () => {
    const input = generatedContent(5 * 1024 * 1024 + 17);
    const stored = await store.put(input.stream());
    assert.deepEqual(stored, { sha256: input.sha256, sizeBytes: 5 * 1024 * 1024 + 17 });
    assert.equal(await store.has(input.sha256), true);
    const back = await readAll(await store.get(input.sha256));
    assert.equal(createHash('sha256').update(back).digest('hex'), input.sha256);
  });

  it('refuses a file over the limit with payload_too_large and leaves no file behind, not even a temp file', async () => {
    const before = filesUnder(dir);
    const big = generatedContent(9 * 1024 * 1024, 7);
    await assert.rejects(store.put(big.stream()), (e: unknown) => e instanceof AppError && e.code === 'payload_too_large');
    await assert.rejects(store.put(generatedContent(300_000, 8).stream(), { maxBytes: 100_000 }), (e: unknown) => e instanceof AppError && e.code === 'payload_too_large');
    assert.deepEqual(filesUnder(dir), before);
    assert.equal(await store.has(big.sha256), false);
  });

  it('detects a file corrupted on disk: reading fails with integrity_error', async () => {
    const content = randomBytes(200_000);
    const { sha256 } = await store.put(Readable.from([content]));
    const path = filesUnder(dir).find((f) => f.endsWith(sha256))!;
    const damaged = Buffer.from(content);
    damaged[1000] = damaged[1000]! ^ 0xff;
    writeFileSync(path, damaged);
    await assert.rejects(readAll(await store.get(sha256)), (e: unknown) => e instanceof AppError && e.code === 'integrity_error');
  });

  it('stores the same content twice as one file', async () => {
    const content = randomBytes(50_000);
    const first = await store.put(Readable.from([content]));
    const second = await store.put(Readable.from([content]));
    assert.equal(first.sha256, second.sha256);
    const copies = filesUnder(dir).filter((f) => f.endsWith(first.sha256));
    assert.equal(copies.length, 1);
    assert.equal(statSync(copies[0]!).size, 50_000);
    assert.ok(!filesUnder(dir).some((f) => f.includes(`${join(dir, 'tmp')}`)), 'no temp files left over');
  });

  it('answers not_found for an unknown or malformed hash', async () => {
    await assert.rejects(store.get('0'.repeat(64)), (e: unknown) => e instanceof AppError && e.code === 'not_found');
    await assert.rejects(store.get('../../etc/passwd'), (e: unknown) => e instanceof AppError && e.code === 'not_found');
  });

  it('lists only blobs written before the cut-off, with their time, skipping temp files and foreign files', async () => {
    const old = await store.put(Readable.from([randomBytes(1000)]));
    const fresh = await store.put(Readable.from([randomBytes(1000)]));
    const oldPath = filesUnder(dir).find((f) => f.endsWith(old.sha256))!;
    utimesSync(oldPath, hoursAgo(30), hoursAgo(30));
    writeFileSync(join(dir, 'tmp', 'stale-upload'), 'x');
    writeFileSync(join(dirname(oldPath), 'README'), 'kein Blob');
    const items: { sha256: string; storedAt: Date }[] = [];
    for await (const b of store.list(hoursAgo(24))) items.push(b);
    assert.deepEqual(items.map((b) => b.sha256), [old.sha256]);
    assert.ok(Math.abs(items[0]!.storedAt.getTime() - hoursAgo(30).getTime()) < 60_000);
    assert.ok((await listed(store, new Date(Date.now() + HOUR))).includes(fresh.sha256));
    rmSync(join(dirname(oldPath), 'README'));
    rmSync(join(dir, 'tmp', 'stale-upload'));
  });

  it('delete removes the file; with ifOlderThan it keeps a blob the same content was uploaded again into', async () => {
    const content = randomBytes(2000);
    const { sha256 } = await store.put(Readable.from([content]));
    const path = filesUnder(dir).find((f) => f.endsWith(sha256))!;
    utimesSync(path, hoursAgo(48), hoursAgo(48));
    assert.deepEqual((await listed(store, hoursAgo(24))).filter((h) => h === sha256), [sha256], 'listed as old');
    await store.put(Readable.from([content])); // another request uploads the same bytes before the collector deletes
    assert.equal(await store.delete(sha256, { ifOlderThan: hoursAgo(24) }), false);
    assert.equal(await store.has(sha256), true);
    assert.deepEqual(await readAll(await store.get(sha256)), content);
    utimesSync(path, hoursAgo(48), hoursAgo(48));
    assert.equal(await store.delete(sha256, { ifOlderThan: hoursAgo(24) }), true);
    assert.equal(await store.has(sha256), false);
    assert.equal(await store.delete(sha256), false, 'deleting twice is harmless');
    assert.deepEqual(readdirSync(join(dir, 'tmp', 'gc')), [], 'nothing left aside');
  });

  it('removes temp files of interrupted uploads older than the cut-off and puts back blobs a crashed delete left aside', async () => {
    const staleTemp = join(dir, 'tmp', 'stale-temp');
    const activeTemp = join(dir, 'tmp', 'upload-in-progress');
    writeFileSync(staleTemp, 'abgebrochen');
    utimesSync(staleTemp, hoursAgo(30), hoursAgo(30));
    writeFileSync(activeTemp, 'läuft noch');
    const content = randomBytes(500);
    const { sha256 } = await store.put(Readable.from([content]));
    const path = filesUnder(dir).find((f) => f.endsWith(sha256))!;
    mkdirSync(join(dir, 'tmp', 'gc'), { recursive: true });
    writeFileSync(join(dir, 'tmp', 'gc', `${sha256}-crashed1`), content);
    rmSync(path);
    assert.equal(await store.removeStaleTempFiles(hoursAgo(24)), 1);
    assert.deepEqual(readdirSync(join(dir, 'tmp')).sort(), ['gc', 'upload-in-progress']);
    assert.equal(await store.has(sha256), true, 'the blob set aside is back in place');
    assert.deepEqual(readdirSync(join(dir, 'tmp', 'gc')), []);
    rmSync(activeTemp);
  });
});
