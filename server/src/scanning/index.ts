import type { BlobStore } from '../blobs/blob-store.js';
import type { AppConfig } from '../config.js';
import { ClamdScanner, describeClamdAddress } from './clamd.js';
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

/** One German line for the start banner: whether uploads are scanned and whether clamd answers now. */
export async function describeMalwareScanning(config: Pick<AppConfig, 'malwareScan'>): Promise<string> {
  if (!config.malwareScan) return 'Virenprüfung: aus (AMTSDESK_CLAMD nicht gesetzt; Dateien werden als „nicht geprüft“ gespeichert)';
  const where = describeClamdAddress(config.malwareScan.address);
  const answers = await new ClamdScanner(config.malwareScan).ping();
  return answers
    ? `Virenprüfung: clamd ${where}`
    : `Virenprüfung: clamd ${where} antwortet NICHT – Uploads werden abgelehnt (503), bis clamd erreichbar ist`;
}
