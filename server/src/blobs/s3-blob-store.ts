import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../shared/errors.js';
import { randomToken } from '../shared/ids.js';
import type { BlobStore, ListedBlob, StoredBlob } from './blob-store.js';
import { removeOldFiles } from './temp-files.js';
import { hashingLimiter, verifyingStream } from './fs-blob-store.js';

export interface S3BlobStoreOptions {
  client: S3Client;
  bucket: string;
  /** Local spool directory: the hash (the object key) is known only after the last byte. */
  spoolDir: string;
  defaultMaxBytes: number;
  prefix?: string;
  /** Keys per ListObjectsV2 page (S3 answers at most 1,000). */
  listPageSize?: number;
}

export function createS3Client(options: { region: string; endpoint?: string; forcePathStyle: boolean; credentials?: { accessKeyId: string; secretAccessKey: string } }): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials, // undefined: the SDK's default chain (AWS_ACCESS_KEY_ID …)
    // S3-compatible servers (MinIO, Ceph, Garage) do not all speak the newer default checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
};

/**
 * S3-compatible storage, content-addressed (<prefix>ab/cd/abcd…). Uploads spool through a local
 * temp file (hashing and size limit on the way) and are then streamed to S3 with a known length:
 * memory use stays constant whatever the file size. Reads verify the hash while streaming.
 */
export class S3BlobStore implements BlobStore {
  private readonly prefix: string;
  constructor(private readonly options: S3BlobStoreOptions) {
    this.prefix = options.prefix ?? 'blobs/';
  }

  private keyOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new AppError('not_found', { detail: 'Die Datei wurde nicht gefunden.' });
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  }

  async put(content: Readable, options: { maxBytes?: number } = {}): Promise<StoredBlob> {
    await mkdir(this.options.spoolDir, { recursive: true });
    const tmp = join(this.options.spoolDir, `${Date.now()}-${randomToken(8)}`);
    const limiter = hashingLimiter(options.maxBytes ?? this.options.defaultMaxBytes);
    try {
      await pipeline(content, limiter.transform, createWriteStream(tmp, { flags: 'wx' }));
      const stored = limiter.result();
      await this.options.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: this.keyOf(stored.sha256),
          Body: createReadStream(tmp),
          ContentLength: stored.sizeBytes,
          ContentType: 'application/octet-stream',
          Metadata: { sha256: stored.sha256 },
        }),
      );
      return stored;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(sha256: string): Promise<Readable> {
    let body: unknown;
    try {
      body = (await this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }))).Body;
    } catch (error) {
      if (isNotFound(error)) throw new AppError('not_found', { detail: 'Die Datei wurde nicht gefunden.' });
      throw error;
    }
    if (!(body instanceof Readable)) throw new AppError('internal', { internal: 'S3 body is not a Node stream' });
    const verifier = verifyingStream(sha256);
    body.on('error', (err) => verifier.destroy(err));
    return body.pipe(verifier);
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.lastModified(sha256)) !== null;
  }

  private async lastModified(sha256: string): Promise<Date | null> {
    try {
      const head = await this.options.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
      return head.LastModified ?? new Date(0);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** ListObjectsV2 over the prefix, page by page (1,000 keys each); age from LastModified. */
  async *list(olderThan: Date): AsyncIterable<ListedBlob> {
    let token: string | undefined;
    do {
      const page = await this.options.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.prefix, ContinuationToken: token, MaxKeys: this.options.listPageSize }),
      );
      for (const object of page.Contents ?? []) {
        // Keys under the prefix only (ListObjectsV2 Prefix); anything not shaped ab/cd/<hash> is skipped.
        const match = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec((object.Key ?? '').slice(this.prefix.length));
        if (!match || !match[3]!.startsWith(match[1]! + match[2]!) || !object.LastModified) continue;
        if (object.LastModified < olderThan) yield { sha256: match[3]!, storedAt: object.LastModified };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /**
   * With ifOlderThan the object's age is checked right before the delete: a put() of the same
   * content since the listing keeps it. (S3 has no portable conditional delete; the window left
   * is the one round trip between HeadObject and DeleteObject.)
   */
  async delete(sha256: string, options: { ifOlderThan?: Date } = {}): Promise<boolean> {
    const modified = await this.lastModified(sha256);
    if (modified === null) return false;
    if (options.ifOlderThan && modified >= options.ifOlderThan) return false;
    await this.options.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(sha256) }));
    return true;
  }

  /** Spool files of uploads a crash left behind. */
  async removeStaleTempFiles(olderThan: Date): Promise<number> {
    return removeOldFiles(this.options.spoolDir, olderThan);
  }
}
