import { AppError } from '../shared/errors.js';
import { DOWNLOADABLE_SCAN_STATES, type ScanStatus } from './scanner.js';

/**
 * Refuses to hand out a file whose row is quarantined: infected files never, files still being
 * scanned not yet. Every route that serves or forwards an uploaded file calls this with the row
 * it read, so the row's state, not the upload path, decides.
 */
export function assertReleasable(file: { scan_status: string; file_name: string }): void {
  const status = file.scan_status as ScanStatus;
  if (DOWNLOADABLE_SCAN_STATES.includes(status)) return;
  if (status === 'pending') {
    throw new AppError('file_not_scanned_yet', { detail: `Die Datei „${file.file_name}“ wird noch auf Schadsoftware geprüft und ist bis dahin gesperrt.` });
  }
  throw new AppError('file_infected', { detail: `In der Datei „${file.file_name}“ wurde Schadsoftware gefunden. Sie ist gesperrt und kann nicht heruntergeladen oder weitergegeben werden.` });
}
