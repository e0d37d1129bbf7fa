// A standalone outbox worker process: `node --import tsx src/main/outbox-worker.ts`.
// Needs DATABASE_URL (a PostgreSQL server); with the embedded PGlite database the worker runs
// inside the server process instead. Several of these may run at once.
import pino from 'pino';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { startOutboxWorker } from './outbox.js';

const config = loadConfig();
const logger = pino({ level: config.logLevel, base: { component: 'outbox-worker', pid: process.pid } });
if (!config.databaseUrl) {
  logger.error('DATABASE_URL fehlt: ein eigener Worker-Prozess braucht einen PostgreSQL-Server.');
  process.exit(2);
}
const db = await openDatabase({ databaseUrl: config.databaseUrl, migrate: false, poolSize: 4 });
const worker = startOutboxWorker({ db, config, logger, pollMs: Number(process.env.OUTBOX_POLL_MS ?? 1000) });
logger.info('outbox worker started');

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await worker.stop();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
