import { join } from 'node:path';
import type { AppConfig } from '../config.js';
import type { BlobStore } from './blob-store.js';
import { FsBlobStore } from './fs-blob-store.js';
import { createS3Client, S3BlobStore } from './s3-blob-store.js';
import { withMalwareScanning } from '../scanning/index.js';

export type { BlobStore, StoredBlob } from './blob-store.js';

/**
 * The configured blob store: local files by default, S3-compatible when S3_BUCKET is set; uploads
 * are scanned for malware on their way in when AMTSDESK_CLAMD is set.
 */
export function createBlobStore(config: AppConfig): BlobStore {
  return withMalwareScanning(createPlainBlobStore(config), config);
}

function createPlainBlobStore(config: AppConfig): BlobStore {
  const target = config.blobStore;
  if (target.kind === 's3') {
    return new S3BlobStore({
      client: createS3Client(target),
      bucket: target.bucket,
      spoolDir: join(config.dataDir, 'tmp', 's3-spool'),
      defaultMaxBytes: config.maxBlobBytes,
    });
  }
  return new FsBlobStore(target.dir, config.maxBlobBytes);
}
