import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import S3rver from 's3rver';
import { generatedContent, readAll } from '../../test/streams.js';
import { loadConfig } from '../config.js';
import { AppError } from '../shared/errors.js';
import { FsBlobStore } from './fs-blob-store.js';
import { createBlobStore } from './index.js';
import { createS3Client, S3BlobStore } from './s3-blob-store.js';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

describe('S3 blob store against an in-process S3-compatible server (s3rver)', () => {
  let dir: string;
  let server: S3rver;
  let endpoint: string;
  let client: S3Client;
  let store: S3BlobStore;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amtsdesk-s3-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', directory: join(dir, 's3'), silent: true });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    client = createS3Client({ region: 'eu-central-1', endpoint, forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: 'amtsdesk-blobs' }));
    store = new S3BlobStore({ client, bucket: 'amtsdesk-blobs', spoolDir: join(dir, 'spool'), defaultMaxBytes: 8 * 1024 * 1024 });
  });
  after(async () => {
    client?.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a few MB streamed and reads back the same bytes, under its content hash', async () => {
    const input = generatedContent(4 * 1024 * 1024 + 5, 3);
    const stored = await store.put(input.stream());
    assert.deepEqual(stored, { sha256: input.sha256, sizeBytes: input.size });
    assert.equal(await store.has(input.sha256), true);
    const back = await readAll(await store.get(input.sha256));
    assert.equal(createHash('sha256').update(back).digest('hex'), input.sha256);
    assert.deepEqual(readdirSync(join(dir, 'spool')), [], 'the spool file is removed after upload');
  });

  it('refuses a file over the limit with payload_too_large and uploads nothing', async () => {
    const big = generatedContent(9 * 1024 * 1024, 4);
    await assert.rejects(store.put(big.stream()), isCode('payload_too_large'));
    assert.equal(await store.has(big.sha256), false);
    assert.deepEqual(readdirSync(join(dir, 'spool')), []);
  });

  it('detects an object overwritten with different bytes: reading fails with integrity_error', async () => {
    const { sha256 } = await store.put(Readable.from([Buffer.from('Bescheid über die Hundesteuer, Seite 1')]));
    const key = `blobs/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    await client.send(new PutObjectCommand({ Bucket: 'amtsdesk-blobs', Key: key, Body: Buffer.from('Bescheid über die Hundesteuer, Seite 2') }));
    await assert.rejects(readAll(await store.get(sha256)), isCode('integrity_error'));
  });

  it('answers not_found for a hash it does not hold', async () => {
    await assert.rejects(store.get('ab'.repeat(32)), isCode('not_found'));
    assert.equal(await store.has('ab'.repeat(32)), false);
  });

  it('createBlobStore picks S3 when a bucket is configured and the file system otherwise', async () => {
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    const s3Config = loadConfig({ AMTSDESK_DATA_DIR: join(dir, 'data'), S3_BUCKET: 'amtsdesk-blobs', S3_ENDPOINT: endpoint, S3_REGION: 'eu-central-1' });
    const viaConfig = createBlobStore(s3Config);
    assert.ok(viaConfig instanceof S3BlobStore);
    const { sha256 } = await viaConfig.put(Readable.from([Buffer.from('Gewerbeanmeldung')]));
    assert.equal(await store.has(sha256), true, 'the configured store wrote into the bucket');
    assert.ok(createBlobStore(loadConfig({ AMTSDESK_DATA_DIR: join(dir, 'data') })) instanceof FsBlobStore);
  });

  const inAnHour = () => new Date(Date.now() + 60 * 60 * 1000);
  const anHourAgo = () => new Date(Date.now() - 60 * 60 * 1000);

  it('delete with ifOlderThan keeps an object written after the cut-off and removes it once older', async () => {
    const { sha256 } = await store.put(Readable.from([Buffer.from('Meldebescheinigung Familie Petersen')]));
    assert.equal(await store.delete(sha256, { ifOlderThan: anHourAgo() }), false, 'written just now: kept');
    assert.equal(await store.has(sha256), true);
    assert.equal(await store.delete(sha256, { ifOlderThan: inAnHour() }), true);
    assert.equal(await store.has(sha256), false);
    assert.equal(await store.delete(sha256), false, 'deleting twice is harmless');
  });

  it('removes spool files of interrupted uploads older than the cut-off', async () => {
    mkdirSync(join(dir, 'spool'), { recursive: true });
    const stale = join(dir, 'spool', 'abgebrochen');
    writeFileSync(stale, 'x');
    utimesSync(stale, new Date(Date.now() - 30 * 3600_000), new Date(Date.now() - 30 * 3600_000));
    writeFileSync(join(dir, 'spool', 'laeuft'), 'y');
    assert.equal(await store.removeStaleTempFiles(anHourAgo()), 1);
    assert.deepEqual(readdirSync(join(dir, 'spool')), ['laeuft']);
    rmSync(join(dir, 'spool', 'laeuft'));
  });
});

/**
 * s3rver encrypts its ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only offers with
 * the legacy provider: for paging it runs as its own process started with that provider.
 */
function startS3rverProcess(dataDir: string): Promise<{ endpoint: string; child: ChildProcess }> {
  const bin = fileURLToPath(new URL('../../../node_modules/s3rver/bin/s3rver.js', import.meta.url));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', bin, '-d', dataDir, '-a', '127.0.0.1', '-p', '0', '--silent'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /listening on [\d.]+:(\d+)/.exec(out)?.[1];
      if (port) resolve({ endpoint: `http://127.0.0.1:${port}`, child });
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
}

describe('S3 blob store listing across pages (s3rver in its own process)', () => {
  let dir: string;
  let child: ChildProcess | undefined;
  let client: S3Client;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amtsdesk-s3-paged-'));
    const started = await startS3rverProcess(join(dir, 's3'));
    child = started.child;
    client = createS3Client({ region: 'eu-central-1', endpoint: started.endpoint, forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: 'amtsdesk-paged' }));
  });
  after(async () => {
    client?.destroy();
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists blobs written before the cut-off across several pages, skipping keys that are not blobs', async () => {
    const paged = new S3BlobStore({ client, bucket: 'amtsdesk-paged', spoolDir: join(dir, 'spool'), defaultMaxBytes: 1024 * 1024, prefix: 'paged/', listPageSize: 2 });
    const hashes: string[] = [];
    for (let i = 0; i < 5; i++) hashes.push((await paged.put(Readable.from([randomBytes(300)]))).sha256);
    await client.send(new PutObjectCommand({ Bucket: 'amtsdesk-paged', Key: 'paged/ab/cd/notes.txt', Body: 'kein Blob' }));
    const listed: { sha256: string; storedAt: Date }[] = [];
    for await (const b of paged.list(new Date(Date.now() + 3600_000))) listed.push(b);
    assert.deepEqual(listed.map((b) => b.sha256).sort(), [...hashes].sort());
    assert.ok(listed.every((b) => b.storedAt instanceof Date && b.storedAt <= new Date()));
    const none: string[] = [];
    for await (const b of paged.list(new Date(Date.now() - 3600_000))) none.push(b.sha256);
    assert.deepEqual(none, [], 'nothing was written an hour ago');
  });

});
