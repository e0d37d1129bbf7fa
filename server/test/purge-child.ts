// A purge worker process for the SIGKILL test (server/src/records/purge/crash.test.ts): performs the
// due purge orders; with PURGE_PAUSE_AFTER=<step> it says so on stdout after that step and waits
// there, so the test can kill it at a known point.
import { join } from 'node:path';
import { FsBlobStore } from '../src/blobs/fs-blob-store.js';
import { openDatabase } from '../src/db/database.js';
import { runPurgeOrders } from '../src/records/purge/worker.js';

const dataDir = process.env.AMTSDESK_DATA_DIR!;
const pauseAfter = process.env.PURGE_PAUSE_AFTER;
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, migrate: false, poolSize: 2 });
const result = await runPurgeOrders({
  db, blobs: new FsBlobStore(join(dataDir, 'blobs'), 1 << 30), dataDir, blobGraceMs: 0, leaseSeconds: 1,
  afterStep: async (step) => {
    if (step !== pauseAfter) return;
    process.stdout.write(`paused after ${step}\n`);
    await new Promise(() => {});
  },
});
process.stdout.write(`finished ${JSON.stringify(result)}\n`);
await db.close();
