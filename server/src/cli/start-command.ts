import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import { createBlobStore } from '../blobs/index.js';
import { buildApp } from '../main/app.js';
import { startBackgroundJobs } from '../main/jobs.js';
import { startHeartbeat, thisInstance } from '../ops/instances.js';
import { unknownMigrations } from '../db/migrate.js';
import { parseOptions } from './args.js';
import { claimEmbeddedDatabase, openCliDatabase } from './context.js';
import { printCredentials, seedDemoAndReport } from './demo-output.js';
import type { Output } from './output.js';
import { forceExitAfter, waitForSignal } from './signals.js';
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

/**
 * `start`: opens (and migrates) the database, seeds the demo on the very first start, serves the
 * API and web app, runs the outbox worker and scheduled jobs (unless AMTSDESK_JOBS=worker leaves them
 * to `amtsdesk worker`), and shuts all of it down in order on SIGINT/SIGTERM.
 */
export async function start(args: string[], config: AppConfig, out: Output): Promise<number> {
  parseOptions(args, {});
  if (config.jobs === 'worker' && !config.databaseUrl) {
    out.error('Fehler: AMTSDESK_JOBS=worker braucht einen PostgreSQL-Server (DATABASE_URL); mit der eingebetteten Datenbank ' +
      'laufen die Hintergrundaufgaben im Server. AMTSDESK_JOBS weglassen oder DATABASE_URL setzen.');
    return 2;
  }
  out.log(config.databaseUrl ? 'Verbinde mit PostgreSQL …' : `Öffne eingebettete Datenbank in ${config.dataDir} …`);
  // Without migrating on start (a migration Job does it) the database may still be unreachable or
  // behind: the server starts anyway and /readyz says why it is not ready, instead of a crash loop.
  const db = await openCliDatabase(config, { migrate: config.migrateOnStart || !config.databaseUrl });
  const releaseLock = claimEmbeddedDatabase(config);
  try {
    const firstStart = demoWanted(config) && (await listTenants(db)).length === 0;
    const credentials =
      firstStart ? await seedDemoAndReport(db, config, out, demoCaseCount()) : readCredentials(config.dataDir);

    // An older instance on a newer schema serves nothing (/readyz answers 503) and runs no jobs.
    const newer = await unknownMigrations(db.kysely);
    if (newer.length > 0) out.error(`Fehler: Die Datenbank hat ein neueres Schema, als diese Version kennt (${newer.join(', ')}). Diese Instanz bleibt „nicht bereit“, bis sie aktualisiert ist.`);
    const blobs = createBlobStore(config);
    const app = await buildApp({ db, config, blobs });
    // The outbox worker, pollers and housekeeping jobs (server/src/main/jobs.ts), unless workers run them.
    const jobs = config.jobs === 'inline' && newer.length === 0 ? startBackgroundJobs({ db, config, blobs, logger: app.log as unknown as Logger }) : undefined;
    // Tells the operator console this instance is alive, with its version (table instances, 0053),
    // whether or not it runs the jobs (with AMTSDESK_JOBS=worker the workers report themselves).
    const heartbeat = startHeartbeat({ db, identity: thisInstance('web'), logger: app.log as unknown as Logger });
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
    if (config.jobs === 'worker') out.log('  Hintergrundaufgaben (Postausgang, Abrufe, geplante Läufe): in eigenen Prozessen (amtsdesk worker)');
    printCredentials(credentials, config, out);
    out.log('Beenden mit Strg+C.');

    const signal = await waitForSignal();
    out.log(`${signal} empfangen – fahre geordnet herunter …`);
    const done = forceExitAfter(15_000, () => out.error('Herunterfahren dauert zu lange – beende sofort.'));
    await jobs?.stop();
    await heartbeat.stop();
    await app.close();
    done();
    return 0;
  } finally {
    await db.close();
    releaseLock();
  }
}
