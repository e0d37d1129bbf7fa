import type { AppConfig } from '../config.js';
import { createBlobStore } from '../blobs/index.js';
import { blobGcSettings, collectGarbage, HOUR_MS } from '../blobs/gc.js';
import { parseOptions, UsageError } from './args.js';
import { withCliDatabase } from './context.js';
import type { Output } from './output.js';

/**
 * `blobs gc [--grace-hours N]`: deletes stored files no row of any municipality refers to any
 * more and that are older than the grace period (default 24 h, AMTSDESK_BLOB_GC_GRACE_HOURS).
 * At least one hour: a shorter period could delete the file of an upload that is still running.
 */
export async function blobsGc(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, { 'grace-hours': { type: 'string' } });
  let graceMs = blobGcSettings().graceMs;
  if (values['grace-hours'] !== undefined) {
    const hours = Number(values['grace-hours']);
    if (!Number.isFinite(hours) || hours < 1) throw new UsageError('--grace-hours muss eine Zahl von mindestens 1 (Stunden) sein.');
    graceMs = hours * HOUR_MS;
  }
  return withCliDatabase(config, async (db) => {
    const result = await collectGarbage({ db, blobs: createBlobStore(config), graceMs });
    out.log(`Dateien älter als ${graceMs / HOUR_MS} Stunde(n) geprüft: ${result.examined}`);
    out.log(`  noch verwendet:           ${result.referenced}`);
    out.log(`  gelöscht (unbenutzt):     ${result.deleted}`);
    out.log(`  behalten (neu geschrieben): ${result.keptFresh}`);
    out.log(`Abgebrochene Uploads entfernt: ${result.tempFilesRemoved}`);
    return 0;
  });
}
