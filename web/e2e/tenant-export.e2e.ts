import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

describe('tenant export: the admin exports the whole municipality from the desk', () => {
  let server: E2EServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts the export, follows its progress and downloads the archive; the download is in the access log', async () => {
    const page: Page = await newPage(browser, server.url);
    await signInAs(page, 'admin');
    await page.goto(`${server.url}/verwaltung/export`);
    await page.getByRole('heading', { level: 2, name: 'Export aller Daten der Kommune' }).waitFor();
    await page.getByText('Nicht enthalten: Passwörter').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the page before the first export');

    await page.getByRole('button', { name: 'Export starten' }).click();
    const progress = page.getByRole('progressbar', { name: 'Fortschritt des Exports' });
    await progress.waitFor();
    const cases = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
    assert.equal(await progress.getAttribute('max'), String(cases.n), 'the bar runs up to the number of cases');
    assert.deepEqual(await axeViolations(page), [], 'the page while the export runs');

    const link = page.getByRole('link', { name: 'Archiv herunterladen' });
    await link.waitFor({ timeout: 60_000 });
    await page.getByText(new RegExp(`${cases.n} Vorgänge, \\d+ Dateien`)).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the finished export');
    await screenshot(page, 'tenant-export');

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^amtsdesk-export-musterstadt-\d{4}-\d{2}-\d{2}\.tar\.gz$/);
    const path = await download.path();
    const shown = await page.locator('.export-hash code').innerText();
    assert.equal(createHash('sha256').update(readFileSync(path!)).digest('hex'), shown, 'the file is the one whose hash the page shows');

    const logged = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      trx.selectFrom('access_log').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'exported').where('actor_name', '=', 'Petra Hansen').executeTakeFirstOrThrow());
    assert.equal(logged.n, cases.n, 'every case read by the download');
    await page.close();
  });

  it('a caseworker has no export', async () => {
    const page: Page = await newPage(browser, server.url);
    await signInAs(page, 'sachbearbeitung1');
    await page.goto(`${server.url}/verwaltung/export`);
    await page.getByText('Die Verwaltung ist Administratorinnen und Administratoren der Kommune vorbehalten.').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Export starten' }).count(), 0);
    await page.close();
  });
});
