import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase, withTenant, type Database } from '../../server/src/db/database.js';
import { buildApp } from '../../server/src/main/app.js';
import { FsBlobStore } from '../../server/src/blobs/fs-blob-store.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { startOutboxWorker } from '../../server/src/main/outbox.js';
import { startXdomeaStandin, type XdomeaStandin, type XdomeaStandinOptions } from '../../server/test/xdomea-standins.js';
import { axeViolations, launchBrowser, newPage, screenshot, signInAs, TENANT } from './harness.js';

const SECRET = 'e2e-gemeinsamer-schluessel-fuer-die-e-akte-0123';

/**
 * The real server with its outbox worker (real xdomea builders, schema-validated) and the real
 * stand-in E-Akte as an HTTP server: it takes the 0401 package by signed POST and pushes its
 * 0403 and 0402 to our signed answer endpoint.
 */
async function startWorld() {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-xdomea-e2e-'));
  const config = loadConfig({
    AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMTSDESK_OUTBOUND_ALLOW: '127.0.0.1',
    AMTSDESK_LOGIN_RATE_MAX: '1000', AMTSDESK_LOGIN_CLIENT_RATE_MAX: '1000',
  });
  const db: Database = await openDatabase({});
  const seeded = await seedDemo(db, { publicUrl: 'http://127.0.0.1', caseCount: 40, seed: 4711 });
  const blobs = new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes);
  const app = await buildApp({ db, config, blobs }, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const worker = startOutboxWorker({ db, config: { ...config, publicUrl: url }, pollMs: 200 });
  const standinOptions: XdomeaStandinOptions = { role: 'dms', authorityId: 'EAKTE-MUSTERSTADT', name: 'E-Akte Musterstadt', http: { secret: SECRET } };
  const standin: XdomeaStandin = await startXdomeaStandin(standinOptions);
  return {
    url, db, tenantId: seeded.tenantId, standin,
    /** The answer endpoint names the target, which exists only once the admin configured it. */
    pushTo: (targetId: string) => { standinOptions.http!.pushTo = `${url}/api/xdomea/answers/${targetId}?tenant=${TENANT.slug}`; },
    async close() {
      await standin.close();
      await worker.stop();
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('xdomea: the admin configures the E-Akte, a caseworker hands a closed case over, it is confirmed and read-only', () => {
  let world: Awaited<ReturnType<typeof startWorld>>;
  let browser: Browser;
  let kase: { id: string; case_number: string };

  before(async () => {
    world = await startWorld();
    browser = await launchBrowser();
    // A closed case of Aylin Demir's org units (Ordnungsamt, Steueramt, Bürgerbüro).
    kase = await withTenant(world.db, { tenantId: world.tenantId }, (trx) => trx.selectFrom('cases')
      .innerJoin('org_units', 'org_units.id', 'cases.org_unit_id')
      .select(['cases.id', 'cases.case_number']).where('cases.status', '=', 'closed').where('org_units.name', 'in', ['Ordnungsamt', 'Steueramt', 'Bürgerbüro'])
      .orderBy('cases.case_number').executeTakeFirstOrThrow());
  });
  after(async () => {
    await browser?.close();
    await world?.close();
  });

  it('the admin sets the Behördenkennung and adds the E-Akte as an HTTP target', async () => {
    const page: Page = await newPage(browser, world.url);
    await signInAs(page, 'admin');
    await page.goto('/verwaltung/xdomea');
    await page.getByRole('heading', { level: 2, name: 'xdomea' }).waitFor();
    const identity = page.getByRole('form', { name: 'Behördenkennung der Kommune' });
    await identity.getByLabel('Behördenkennung', { exact: true }).fill('MUSTERSTADT-BA');
    await identity.getByLabel('Name der Behörde in den Nachrichten').fill('Stadt Musterstadt – Bürgeramt');
    await identity.getByRole('button', { name: 'Speichern' }).click();
    await identity.getByText('Die Einstellungen sind gespeichert.').waitFor();

    const add = page.getByRole('form', { name: 'Ziel einrichten' });
    await add.getByLabel('Übertragung').selectOption('http');
    await add.getByLabel('Name', { exact: true }).fill('E-Akte Musterstadt');
    await add.getByLabel('Behördenkennung des Ziels').fill('EAKTE-MUSTERSTADT');
    await add.getByLabel('Adresse für den Versand (HTTPS)').fill(world.standin.url);
    await add.getByLabel(/Gemeinsamer Schlüssel/).fill('zu kurz');
    await add.getByRole('button', { name: 'Ziel einrichten' }).click();
    await add.getByText(/mindestens 32 Zeichen/).first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the form with its error is accessible');
    await add.getByLabel(/Gemeinsamer Schlüssel/).fill(SECRET);
    await add.getByRole('button', { name: 'Ziel einrichten' }).click();
    await add.getByText('Das Ziel „E-Akte Musterstadt“ ist eingerichtet.').waitFor();
    const targets = page.getByRole('table', { name: 'Ziele für xdomea' });
    await targets.getByRole('row', { name: /E-Akte Musterstadt/ }).waitFor();
    assert.ok(!(await page.content()).includes(SECRET), 'the shared secret is never shown again');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'xdomea-admin-targets');
    const [target] = await withTenant(world.db, { tenantId: world.tenantId }, (trx) => trx.selectFrom('xdomea_targets').select('id').execute());
    world.pushTo(target!.id);
    await page.close();
  });

  it('the caseworker hands the closed case over as lead record, sees it imported (0403/0402 processed) and read-only', async () => {
    const page: Page = await newPage(browser, world.url);
    await signInAs(page, 'sachbearbeitung1');
    await page.goto(`/vorgaenge/${kase.id}`);
    const panel = page.getByRole('region', { name: 'Abgabe per xdomea' });
    await panel.waitFor();
    await panel.getByText('Dieser Vorgang wurde noch nicht abgegeben.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await panel.getByRole('button', { name: 'An E-Akte/DMS abgeben' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vorgang abgeben' });
    assert.equal(await dialog.getByLabel('Ziel der Abgabe').inputValue() !== '', true);
    assert.equal(await dialog.getByLabel('Federführend abgeben').isChecked(), true);
    assert.deepEqual(await axeViolations(page), [], 'the dialog is accessible');
    await screenshot(page, 'xdomea-handover-dialog');
    await dialog.getByRole('button', { name: 'Abgeben' }).click();
    await panel.getByText(/Der Vorgang wird abgegeben \(ProzessID [0-9a-f-]{36}\)/).waitFor();
    await panel.getByRole('button', { name: 'An E-Akte/DMS abgeben' }).and(page.locator('[disabled]')).waitFor();
    await panel.getByText('Eine Abgabe wartet noch auf die Antwort des Empfängers.').waitFor();

    // The outbox sends the package; the stand-in answers 0403 and 0402 on the signed endpoint.
    await world.standin.waitFor(1, 20_000);
    assert.deepEqual(world.standin.received[0]!.vorgangIds, [kase.id]);
    const processId = world.standin.received[0]!.processId;
    for (let i = 0; i < 60; i++) {
      await page.reload();
      await page.getByRole('region', { name: 'Abgabe per xdomea' }).waitFor();
      if (await page.getByTestId('read-only-banner').count()) break;
      await page.waitForTimeout(500);
    }
    const banner = page.getByTestId('read-only-banner');
    await banner.getByText('Schreibgeschützt: federführend abgegeben').waitFor();
    const state = page.getByRole('region', { name: 'Abgabe per xdomea' });
    assert.equal(await state.getByTestId('xdomea-case-state').innerText(), 'importiert');
    await state.getByText(processId).first().waitFor();
    const messages = state.getByRole('table', { name: `Nachrichten (ProzessID ${processId})` });
    for (const name of ['Abgabe (0401)', 'Empfangsbestätigung (0403)', 'Importbestätigung (0402)']) await messages.getByRole('cell', { name }).waitFor();
    // Read-only: no lifecycle action, no composing, no notes, no new hand-over.
    assert.equal(await page.getByRole('button', { name: 'Wiedereröffnen' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Nachricht schreiben' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Notiz speichern' }).count(), 0);
    assert.equal(await state.getByRole('button', { name: 'An E-Akte/DMS abgeben' }).isDisabled(), true);
    await state.getByText('Der Vorgang wurde federführend abgegeben.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'xdomea-case-read-only');
    assert.deepEqual([...world.standin.deliveries.values()], [1], 'delivered exactly once');
    await page.close();
  });

  it('the records officer sees the process with its ProzessID, messages and state per case', async () => {
    const page: Page = await newPage(browser, world.url);
    await signInAs(page, 'schriftgut');
    await page.goto('/aussonderung');
    await page.getByRole('link', { name: 'Abgaben und Aussonderungen an das Archiv (xdomea)' }).click();
    await page.getByRole('heading', { level: 1, name: 'xdomea-Verfahren' }).waitFor();
    const table = page.getByRole('table', { name: 'xdomea-Verfahren, neueste zuerst' });
    const row = table.getByRole('row', { name: new RegExp(kase.case_number) });
    assert.match(await row.innerText(), /abgeschlossen/);
    assert.match(await row.innerText(), /importiert/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'xdomea-processes');
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: 'Abgabe an E-Akte Musterstadt' }).waitFor();
    await page.getByRole('table', { name: 'Stand je Vorgang' }).getByRole('cell', { name: 'importiert' }).waitFor();
    await page.getByRole('table', { name: 'Nachrichten' }).getByRole('cell', { name: 'Importbestätigung (0402)' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'xdomea-process');
    await page.close();
  });
});
