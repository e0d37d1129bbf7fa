// Helpers of web/e2e/journey.e2e.ts: the server with its outbox worker, the submitted application,
// the applicant's e-mailed sign-in links, and polling of state that changes in the background.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Locator, Page } from 'playwright-core';
import { loadConfig, type AppConfig } from '../../server/src/config.js';
import { openDatabase, type Database } from '../../server/src/db/database.js';
import { buildApp } from '../../server/src/main/app.js';
import { FsBlobStore } from '../../server/src/blobs/fs-blob-store.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { startOutboxWorker } from '../../server/src/main/outbox.js';
import type { AppInstance } from '../../server/src/http/app-types.js';

export const APPLICANT = 'jonas.feddersen@example.org';
export const SERVICE_KEY = '99108008001000'; // Hundesteuer Anmeldung (Steueramt; Aylin Demir works there)
export const TITLE = 'Hundesteuer Anmeldung: Beagle „Bruno“';

/** A minimal PDF file. */
export const PDF = (title: string) =>
  Buffer.from(`%PDF-1.4\n% ${title}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`);

/** The real server with its outbox worker (e-mails land in the file sink <dataDir>/mail). */
export async function startServerWithWorker() {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-journey-e2e-'));
  const config: AppConfig = { ...loadConfig({
    AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent',
    // Browser tests sign in far more often from one address than a person would.
    AMTSDESK_LOGIN_RATE_MAX: '1000', AMTSDESK_LOGIN_CLIENT_RATE_MAX: '1000', AMTSDESK_PORTAL_LINK_RATE_MAX: '1000',
    AMTSDESK_PORTAL_LINK_MAILS_PER_HOUR: '1000', AMTSDESK_PORTAL_CLIENT_RATE_MAX: '1000',
  }) };
  const db: Database = await openDatabase({});
  await seedDemo(db, { publicUrl: 'http://127.0.0.1', caseCount: 20, seed: 4711 });
  const blobs = new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes);
  const app: AppInstance = await buildApp({ db, config, blobs }, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const worker = startOutboxWorker({ db, config: { ...config, publicUrl: url }, pollMs: 200 });
  return {
    url, dataDir,
    async close() {
      await worker.stop();
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The application as a form server sends it: applicant with e-mail, a labelled German form tree. */
export function application() {
  return {
    transactionId: 'formularserver-2024-000815',
    serviceKey: SERVICE_KEY,
    title: TITLE,
    applicant: {
      kind: 'person', firstName: 'Jonas', lastName: 'Feddersen', email: APPLICANT, phone: '0431 123456',
      address: { street: 'Holtenauer Straße', houseNumber: '112', postalCode: '24105', city: 'Musterstadt' },
    },
    formData: [
      { name: 'haltungsbeginn', label: 'Beginn der Hundehaltung', dateValue: '2024-05-01' },
      {
        name: 'hund', label: 'Angaben zum Hund',
        formItems: [
          { name: 'name', label: 'Rufname', stringValue: 'Bruno' },
          { name: 'rasse', label: 'Rasse', stringValue: 'Beagle' },
          { name: 'geburtsdatum', label: 'Geburtsdatum', dateValue: '2023-02-14' },
          { name: 'chipnummer', label: 'Transpondernummer', stringValue: '276098106543210' },
          { name: 'gefaehrlich', label: 'Als gefährlich eingestuft', booleanValue: false },
        ],
      },
      { name: 'ermaessigung', label: 'Ermäßigung beantragt (z. B. Rettungshund)', booleanValue: false },
      {
        name: 'zahlung', label: 'Zahlung',
        formItems: [
          { name: 'sepa', label: 'SEPA-Lastschriftmandat erteilt', booleanValue: true },
          { name: 'iban', label: 'IBAN', stringValue: 'DE02 1203 0000 0000 2020 51' },
        ],
      },
    ],
  };
}

/** Reloads the page until the locator shows: state the outbox worker changes in the background. */
export async function reloadUntilVisible(page: Page, locator: Locator, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (await locator.first().isVisible()) return;
    await sleep(250);
    await page.reload();
    await locator.first().waitFor({ timeout: 2_000 }).catch(() => {});
  }
  throw new Error(`never became visible: ${what}`);
}

export type JourneyServer = Awaited<ReturnType<typeof startServerWithWorker>>;

/** Returns a function that waits for a portal sign-in link e-mailed to the applicant and not used yet. */
export function signInLinks(server: JourneyServer, email = APPLICANT): () => Promise<string> {
  const used = new Set<string>();
  return async () => {
    for (let i = 0; i < 100; i++) {
      const dir = join(server.dataDir, 'mail');
      const links = existsSync(dir)
        ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='))
          .filter((m) => m.includes(email))
          .flatMap((m) => [...m.matchAll(/(http:\/\/[^\s]+\/portal\/anmelden#token=[A-Za-z0-9_-]+)/g)].map((x) => x[1]!))
        : [];
      const fresh = links.find((l) => !used.has(l));
      if (fresh) {
        used.add(fresh);
        // The public URL is configured before the port is known; the path is what counts.
        return fresh.replace(/^https?:\/\/[^/]+/, server.url);
      }
      await sleep(200);
    }
    throw new Error('no sign-in e-mail arrived');
  };
}
