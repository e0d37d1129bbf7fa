// An outbox worker process with the stand-in message builders, for the SIGKILL test
// (server/src/xdomea/crash.test.ts). The real worker (main/outbox-worker.ts) wires the real builders.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { startOutboxWorker } from '../src/main/outbox.js';
import { xdomeaTestBuilders } from './xdomea-process-kit.js';

const config = loadConfig();
const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL!, migrate: false, poolSize: 2 });
startOutboxWorker({ db, config: { ...config, outbox: { leaseSeconds: 2, backoffBaseMs: 100, backoffMaxMs: 300 } }, pollMs: 100, xdomeaBuilders: xdomeaTestBuilders() });
process.stdout.write('worker started\n');
