import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, axeViolations, launchBrowser, newPage, signInAs, startServer, type E2EServer } from './harness.js';

type Api = Awaited<ReturnType<typeof apiSession>>;

describe('bulk actions in the inbox', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let admin: Api;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.url, 'admin');
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('assigns several selected cases to a colleague with a progress indicator and a summary', async () => {
    // Only cases that can still be assigned: the demo's newest cases may already be closed.
    const unitId = (await admin.call('GET', '/api/org-units')).body.items.find((u: any) => u.name === 'Ordnungsamt').id;
    await page.goto(`/?orgUnitId=${unitId}&status=new&status=accepted&status=in_progress`);
    await page.locator('.inbox-row').nth(3).waitFor();
    const rows = page.locator('.inbox-row');
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) {
      await rows.nth(i).locator('.bulk-check').click();
      assert.equal(await rows.nth(i).getByRole('checkbox').isChecked(), true);
      numbers.push((await rows.nth(i).getAttribute('data-case-number'))!);
    }
    await page.getByText('3 Vorgänge ausgewählt').waitFor();

    // The progress bar shows while the request runs; hold the request so it can be observed.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/cases/bulk', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('region', { name: 'Sammelaktionen' }).getByRole('button', { name: 'Zuweisen …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vorgang zuweisen' });
    await dialog.getByRole('combobox', { name: 'Mitarbeiter/in' }).fill('Aylin');
    await page.getByRole('listbox').getByRole('option', { name: 'Aylin Demir' }).click();
    await dialog.getByRole('button', { name: 'Zuweisen', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'Fortschritt der Sammelaktion' });
    await bar.waitFor();
    assert.equal(await bar.getAttribute('aria-valuenow'), '0');
    assert.equal(await bar.getAttribute('aria-valuemax'), '3');
    release(); // later bulk requests pass straight through

    await page.getByText('Zuweisen: 3 erfolgreich, 0 fehlgeschlagen').waitFor();
    assert.equal(await page.getByRole('progressbar').count(), 0);
    for (const n of numbers) {
      await page.locator(`.inbox-row[data-case-number="${n}"]`, { hasText: 'Aylin Demir' }).waitFor();
    }
    const assigned = (await admin.call('GET', '/api/cases?assignee=' + (await admin.call('GET', '/api/users')).body.items.find((u: any) => u.displayName === 'Aylin Demir').id + '&limit=200')).body.items;
    for (const n of numbers) assert.ok(assigned.some((c: any) => c.caseNumber === n), `${n} is assigned on the server`);
  });

  it('accepts all cases on the page: successes and refusals are summarised with the reasons', async () => {
    await page.goto('/?status=new&status=closed');
    await page.locator('.inbox-row').first().waitFor();
    const total = await page.locator('.inbox-row').count();
    const closed = await page.locator('.inbox-row', { hasText: 'Abgeschlossen' }).count();
    assert.ok(closed > 0 && total > closed, 'new and closed cases are listed');
    await page.locator('.bulk-check', { has: page.getByRole('checkbox', { name: 'Alle auf dieser Seite auswählen' }) }).click();
    await page.getByText(`${total} Vorgänge ausgewählt`).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('region', { name: 'Sammelaktionen' }).getByRole('button', { name: 'Annehmen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: `Annehmen: ${total - closed} erfolgreich, ${closed} fehlgeschlagen` });
    await summary.waitFor();
    assert.match(await summary.innerText(), /Abgeschlossen/, 'the reason names the status');
    // The failed cases stay selected for another try; accepted ones left the filtered list.
    await page.getByText(`${closed === 1 ? '1 Vorgang' : `${closed} Vorgänge`} ausgewählt`).waitFor();
    assert.equal((await admin.call('GET', '/api/cases/counts')).body.byStatus.new ?? 0, 0);
  });
});
