import pino from 'pino';
import type { AppConfig } from '../config.js';
import { createBlobStore } from '../blobs/index.js';
import { newerSchemaMessage, unknownMigrations } from '../db/migrate.js';
import { INSTANCE_ID } from '../db/cluster-job.js';
import { startBackgroundJobs } from '../main/jobs.js';
import { buildProbeApp } from '../main/probe-app.js';
import { startHeartbeat, thisInstance } from '../ops/instances.js';
import { loggerOptions } from '../shared/logger.js';
import { parseOptions } from './args.js';
import { openCliDatabase } from './context.js';
import type { Output } from './output.js';
import { forceExitAfter, waitForSignal } from './signals.js';

/**
 * `worker`: the outbox worker, the pollers and the scheduled jobs without a web server (decision
 * 0028). Any number may run beside any number of `amtsdesk start` instances with AMTSDESK_JOBS=worker;
 * outbox messages are leased per message, scheduled jobs per run, so nothing runs twice.
 */
export async function worker(args: string[], config: AppConfig, out: Output): Promise<number> {
  parseOptions(args, {});
  if (!config.databaseUrl) {
    out.error('Fehler: Ein eigener Worker-Prozess braucht einen PostgreSQL-Server (DATABASE_URL). ' +
      'Mit der eingebetteten Datenbank laufen die Hintergrundaufgaben im Server (amtsdesk start).');
    return 2;
  }
  const logger = pino({ ...loggerOptions(config.logLevel), base: { component: 'worker', pid: process.pid } });
  // Migrates like every instance (under the migration lock: one migrates, the others wait).
  const db = await openCliDatabase(config);
  try {
    const newer = await unknownMigrations(db.kysely);
    if (newer.length > 0) {
      logger.error({ unknownMigrations: newer }, newerSchemaMessage(newer));
      out.error(`Fehler: Die Datenbank hat ein neueres Schema, als diese Version kennt (${newer.join(', ')}). Bitte diese Instanz aktualisieren.`);
      return 1;
    }
    const jobs = startBackgroundJobs({ db, config, blobs: createBlobStore(config), logger });
    const heartbeat = startHeartbeat({ db, identity: thisInstance('worker'), logger });
    // Probes and metrics for the orchestrator and Prometheus; no API (main/probe-app.ts).
    const probes = config.workerPort ? await buildProbeApp({ db, config, blobs: createBlobStore(config) }, logger) : undefined;
    if (probes) await probes.listen({ host: config.host, port: config.workerPort! });
    logger.info({ instance: INSTANCE_ID }, 'worker started: outbox, pollers and scheduled jobs');
    if (probes) out.log(`  Zustand und Metriken: http://${config.host}:${config.workerPort}/readyz, /healthz, /metrics`);
    out.log(`Amtsdesk-Worker läuft (${INSTANCE_ID}): Postausgang, Abrufe, geplante Läufe. Beenden mit Strg+C.`);
    const signal = await waitForSignal();
    logger.info({ signal }, 'worker stopping');
    const done = forceExitAfter(15_000, () => logger.error('worker shutdown took too long, exiting'));
    await probes?.close();
    await jobs.stop();
    await heartbeat.stop();
    done();
    return 0;
  } finally {
    await db.close();
  }
}
