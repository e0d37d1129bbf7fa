import { after, before, it, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../shared/errors.js';
import { FsBlobStore } from './fs-blob-store.js';
import { generatedContent, readAll } from '../../test/streams.js';

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
});
