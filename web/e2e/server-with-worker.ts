import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../server/src/config.js';
import { openDatabase, type Database } from '../../server/src/db/database.js';
import { buildApp } from '../../server/src/main/app.js';
import { FsBlobStore } from '../../server/src/blobs/fs-blob-store.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { startOutboxWorker, type OutboxWorker } from '../../server/src/main/outbox.js';
import type { AppInstance } from '../../server/src/http/app-types.js';

/** The real server with its outbox worker on a fresh demo; e-mails land in the file sink <dataDir>/mail. */
export async function startServerWithWorker(name: string, caseCount: number, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), `amtsdesk-${name}-e2e-`));
  const config: AppConfig = loadConfig({
    AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent',
    // Browser tests sign in far more often from one address than a person would.
    AMTSDESK_LOGIN_RATE_MAX: '1000', AMTSDESK_LOGIN_CLIENT_RATE_MAX: '1000', AMTSDESK_PORTAL_LINK_RATE_MAX: '1000',
    AMTSDESK_PORTAL_LINK_MAILS_PER_HOUR: '1000', AMTSDESK_PORTAL_CLIENT_RATE_MAX: '1000',
    ...env,
  });
  const db: Database = await openDatabase({});
  const seeded = await seedDemo(db, { publicUrl: 'http://127.0.0.1', caseCount, seed: 4711 });
  const blobs = new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes);
  const app: AppInstance = await buildApp({ db, config, blobs }, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const worker: OutboxWorker = startOutboxWorker({ db, config: { ...config, publicUrl: url }, pollMs: 200 });
  return {
    url, db, tenantId: seeded.tenantId, dataDir, credentials: seeded.created ? seeded.credentials : undefined,
    async close() {
      await worker.stop();
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
