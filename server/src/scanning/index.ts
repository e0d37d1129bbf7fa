import type { BlobStore } from '../blobs/blob-store.js';
import type { AppConfig } from '../config.js';
import { ClamdScanner } from './clamd.js';
import { ScanningBlobStore } from './scanning-blob-store.js';

export type { MalwareScanner, ScanStatus, ScanVerdict } from './scanner.js';
export { DOWNLOADABLE_SCAN_STATES } from './scanner.js';

/**
 * The blob store uploads go through: scanning with clamd when AMTSDESK_CLAMD is set, the plain
 * store otherwise (files are then recorded as not_scanned). Idempotent, so the server's start and
 * the app factory can both call it on the same store.
 */
export function withMalwareScanning(blobs: BlobStore, config: Pick<AppConfig, 'malwareScan'>): BlobStore {
  if (!config.malwareScan || blobs instanceof ScanningBlobStore) return blobs;
  return new ScanningBlobStore(blobs, new ClamdScanner(config.malwareScan));
}
