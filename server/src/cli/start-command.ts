import type { Logger } from 'pino';
import { startAccessLogPrune } from '../records/access-log.js';
import { startDestructionListJob } from '../records/destruction/propose.js';
import type { AppConfig } from '../config.js';
import { createBlobStore } from '../blobs/index.js';
import { blobGcSettings, startBlobGc } from '../blobs/gc.js';
import { startCounterFold } from '../cases/counter-fold.js';
import { loadSigningKey } from '../events/checkpoint-key.js';
import { startCheckpointJob } from '../events/checkpoint-job.js';
import { buildApp } from '../http/app.js';
import { startMailboxPoller } from '../mailbox/updates.js';
import { startOutboxWorker } from '../outbox/worker.js';
import { startFitConnectPoller } from '../intake/fit-connect/poller.js';
import { parseOptions } from './args.js';
import { claimEmbeddedDatabase, openCliDatabase } from './context.js';
import { printCredentials, seedDemoAndReport } from './demo-output.js';
import type { Output } from './output.js';
import { readCredentials } from '../demo/credentials.js';
import { listTenants } from '../tenants/provision.js';
import { describeMalwareScanning } from '../scanning/index.js';

/** Demo data by default on the embedded database only; AMTSDESK_DEMO=1/0 overrides. */
function demoWanted(config: AppConfig): boolean {
  const flag = process.env.AMTSDESK_DEMO;
  if (flag !== undefined && flag !== '') return !['0', 'false', 'nein', 'off'].includes(flag.toLowerCase());
  return !config.databaseUrl;
}

function demoCaseCount(): number | undefined {
  const value = Number(process.env.AMTSDESK_DEMO_CASES);
  return Number.isInteger(value) && value >= 9 ? value : undefined;
}

/** Resolves on the first SIGINT/SIGTERM; later ones (Ctrl+C reaches npm, tsx and us) must not kill the shutdown. */
function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: string) => {
      if (!received) resolve(signal);
      received = true;
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * `start`: opens (and migrates) the database, seeds the demo on the very first start, serves the
 * API and web app, runs the outbox worker, and shuts all of it down in order on SIGINT/SIGTERM.
 */
export async function start(args: string[], config: AppConfig, out: Output): Promise<number> {
  parseOptions(args, {});
  out.log(config.databaseUrl ? 'Verbinde mit PostgreSQL …' : `Öffne eingebettete Datenbank in ${config.dataDir} …`);
  const db = await openCliDatabase(config);
  const releaseLock = claimEmbeddedDatabase(config);
  try {
    const firstStart = (await listTenants(db)).length === 0;
    const credentials =
      firstStart && demoWanted(config) ? await seedDemoAndReport(db, config, out, demoCaseCount()) : readCredentials(config.dataDir);

    const blobs = createBlobStore(config);
    const app = await buildApp({ db, config, blobs });
    const worker = startOutboxWorker({ db, config, logger: app.log as unknown as Logger });
    // Pulls FIT-Connect submissions for every destination a municipality has registered.
    const fitConnect = startFitConnectPoller({ db, blobs, config, logger: app.log as unknown as Logger });
    // Fetches replies from the external mailbox services municipalities have configured.
    const mailboxPoller = startMailboxPoller({ db, blobs, config, logger: app.log as unknown as Logger, intervalMs: Number(process.env.MAILBOX_POLL_MS ?? 60_000) });
    // Deletes files of rejected or interrupted uploads once past the grace period (hourly).
    const blobGc = startBlobGc({ db, blobs, logger: app.log as unknown as Logger, ...blobGcSettings() });
    // Moves the status counters' deltas into their totals every few seconds (decision 0014).
    const counterFold = startCounterFold({ db, logger: app.log as unknown as Logger });
    // Signs the chain heads periodically (and publishes them) so a shortened history is detectable.
    const checkpointKey = loadSigningKey(config, { create: true });
    if (!checkpointKey) app.log.warn('audit checkpoints off: set AMTSDESK_AUDIT_KEY_FILE (shared by all instances)');
    // Deletes access-log entries past their own retention (daily) and flushes the log on shutdown.
    const accessLogPrune = startAccessLogPrune({ db, months: config.accessLogMonths, logger: app.log as unknown as Logger });
    // Proposes destruction lists of cases whose retention ran out (daily by default).
    const destructionLists = startDestructionListJob({ db, intervalMs: config.destructionListHours * 3_600_000, logger: app.log as unknown as Logger });
    const checkpoints = checkpointKey ? startCheckpointJob({ db, config, key: checkpointKey, logger: app.log as unknown as Logger }) : undefined;
    const address = await app.listen({ host: config.host, port: config.port });
    const url = process.env.AMTSDESK_PUBLIC_URL ? config.publicUrl : address.replace('127.0.0.1', 'localhost');

    // Asked before the banner, so the banner is printed in one go (readers stop at its first line).
    const scanning = await describeMalwareScanning(config);
    out.log('');
    out.log(`Amtsdesk läuft: ${url}`);
    out.log(config.publicApiDocs
      ? `  API: ${url}/api/openapi.json  ·  Dokumentation: ${url}/api/docs  ·  Zustand: ${url}/readyz`
      : `  Zustand: ${url}/readyz  ·  API-Dokumentation nicht veröffentlicht (AMTSDESK_PUBLIC_API_DOCS=1)`);
    out.log(`  ${scanning}`);
    printCredentials(credentials, config, out);
    out.log('Beenden mit Strg+C.');

    const signal = await waitForSignal();
    out.log(`${signal} empfangen – fahre geordnet herunter …`);
    const force = setTimeout(() => {
      out.error('Herunterfahren dauert zu lange – beende sofort.');
      process.exit(1);
    }, 15_000);
    force.unref();
    await fitConnect.stop();
    await mailboxPoller.stop();
    await blobGc.stop();
    await counterFold.stop();
    await checkpoints?.stop();
    await accessLogPrune.stop();
    await destructionLists.stop();
    await worker.stop();
    await app.close();
    clearTimeout(force);
    return 0;
  } finally {
    await db.close();
    releaseLock();
  }
}
