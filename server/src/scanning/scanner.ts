import type { Readable } from 'node:stream';

/** What a scanner says about one file. */
export type ScanVerdict = { clean: true } | { clean: false; signature: string };

/**
 * The state of an uploaded file as recorded on its row (attachments.scan_status):
 *   clean        scanned, nothing found – may be downloaded
 *   not_scanned  stored while scanning was off (or before it was switched on) – may be downloaded
 *   pending      stored, scan not finished – quarantined, not downloadable
 *   infected     a scanner found malware – blocked for good, not downloadable
 * Intake scans inline and refuses infected files, so today rows are clean or not_scanned; the
 * download guard still checks the row, so nothing but those two states is ever served.
 */
export type ScanStatus = 'clean' | 'not_scanned' | 'pending' | 'infected';

export const DOWNLOADABLE_SCAN_STATES: readonly ScanStatus[] = ['clean', 'not_scanned'];

/** A malware scanner (ClamAV's clamd in production). */
export interface MalwareScanner {
  /** Reads the whole stream and answers whether it is clean; rejects with ScannerUnavailableError. */
  scan(content: Readable | Buffer): Promise<ScanVerdict>;
  /** Whether the scanner answers at all (health checks, test setup). */
  ping(): Promise<boolean>;
}

/** The scanner could not be reached or did not give a verdict; the file is neither clean nor infected. */
export class ScannerUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScannerUnavailableError';
  }
}
