import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, axeViolations, caseNumbers, launchBrowser, newPage, settled, signInAs, startServer, type E2EServer } from './harness.js';

describe('saved views', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    await signInAs(page, 'admin');
    await settled(page);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('saves status chip + search as a view, and applying it after a reset restores URL and list', async () => {
    await page.getByRole('button', { name: /^Neu \(\d+\)$/ }).click();
    await page.waitForURL(/status=new/);
    await settled(page);
    const applicant = await page.locator('.inbox-table tr.inbox-row').first().evaluate((tr) => (tr as HTMLElement).innerText);
    const all = await caseNumbers(page);
    const term = all[0]!;
    await page.getByRole('searchbox', { name: 'Suche' }).fill(term);
    await page.waitForURL((u) => u.searchParams.get('q') === term);
    await settled(page);
    const savedUrl = new URL(page.url());
    const savedList = await caseNumbers(page);
    assert.ok(savedList.length >= 1 && savedList.length < all.length + 1, applicant);

    await page.getByRole('button', { name: 'Ansichten' }).click();
    await page.getByRole('menu', { name: /Ansichten/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'menu open');
    await page.getByRole('menuitem', { name: 'Aktuelle Ansicht speichern …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Aktuelle Ansicht speichern' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.getByText('Bitte geben Sie einen Namen für die Ansicht ein.').waitFor();
    assert.equal(await dialog.getByRole('textbox', { name: /Name der Ansicht/ }).getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), [], 'dialog open with a validation message');
    await dialog.getByRole('textbox', { name: /Name der Ansicht/ }).fill('Neue mit Nummer');
    await dialog.getByRole('checkbox', { name: 'Für alle in der Kommune freigeben' }).check();
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await page.waitForURL((u) => u.search === '');
    await settled(page);
    assert.ok((await caseNumbers(page)).length > savedList.length);

    await page.getByRole('button', { name: 'Ansichten' }).click();
    await page.getByRole('menuitem', { name: /Neue mit Nummer.*freigegeben/ }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === term);
    await settled(page);
    const restored = new URL(page.url());
    assert.deepEqual([...restored.searchParams].sort(), [...savedUrl.searchParams].sort());
    assert.deepEqual(await caseNumbers(page), savedList);
    assert.equal(await page.getByRole('button', { name: /^Neu \(/ }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('searchbox', { name: 'Suche' }).inputValue(), term);
  });

  it('an admin withdraws and grants sharing of an existing view; colleagues see it only while it is shared', async () => {
    const colleague = await apiSession(server.url, 'sachbearbeitung1');
    const colleagueSees = async () => ((await colleague.call('GET', '/api/views')).body.items as { name: string }[]).map((v) => v.name);
    assert.deepEqual(await colleagueSees(), ['Neue mit Nummer']);

    await page.getByRole('button', { name: 'Ansichten' }).click();
    await page.getByRole('menuitem', { name: 'Eigene Ansichten verwalten …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Eigene Ansichten verwalten' });
    await dialog.getByText('Neue mit Nummer (freigegeben)').waitFor();
    await dialog.getByRole('button', { name: 'Freigabe aufheben: Neue mit Nummer' }).click();
    await dialog.getByRole('status').getByText('Ansicht „Neue mit Nummer“ ist nicht mehr freigegeben; nur Sie sehen sie.').waitFor();
    await dialog.getByRole('button', { name: 'Freigeben: Neue mit Nummer' }).waitFor();
    assert.equal(await dialog.getByText('(freigegeben)').count(), 0);
    assert.deepEqual(await colleagueSees(), []);
    assert.deepEqual(await axeViolations(page), [], 'manage dialog after unsharing');

    await dialog.getByRole('button', { name: 'Freigeben: Neue mit Nummer' }).click();
    await dialog.getByRole('status').getByText('Ansicht „Neue mit Nummer“ ist jetzt für alle in der Kommune freigegeben.').waitFor();
    await dialog.getByText('Neue mit Nummer (freigegeben)').waitFor();
    assert.deepEqual(await colleagueSees(), ['Neue mit Nummer']);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('a caseworker is not offered sharing for an own view', async () => {
    const colleague = await apiSession(server.url, 'sachbearbeitung1');
    assert.equal((await colleague.call('POST', '/api/views', { name: 'Meine Neuen', query: 'status=new' })).status, 201);
    const other = await newPage(browser, server.url);
    await signInAs(other, 'sachbearbeitung1');
    await settled(other);
    await other.getByRole('button', { name: 'Ansichten' }).click();
    await other.getByRole('menuitem', { name: 'Eigene Ansichten verwalten …' }).click();
    const dialog = other.getByRole('dialog', { name: 'Eigene Ansichten verwalten' });
    await dialog.getByRole('button', { name: 'Umbenennen: Meine Neuen' }).waitFor();
    assert.equal(await dialog.getByRole('button', { name: /^Freigeben/ }).count(), 0);
    await other.close();
  });

  it('renames and deletes an own view after confirmation', async () => {
    await page.getByRole('button', { name: 'Ansichten' }).click();
    await page.getByRole('menuitem', { name: 'Eigene Ansichten verwalten …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Eigene Ansichten verwalten' });
    await dialog.getByRole('button', { name: 'Umbenennen: Neue mit Nummer' }).click();
    await dialog.getByRole('textbox', { name: /Neuer Name/ }).fill('Eingänge');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.getByRole('button', { name: 'Löschen: Eingänge' }).click();
    await dialog.getByText('Ansicht „Eingänge“ wirklich löschen?').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'manage dialog with confirmation');
    await dialog.getByRole('button', { name: 'Ja, löschen' }).click();
    await dialog.getByText('Sie haben noch keine Ansichten gespeichert.').waitFor();
  });
});
