import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

type Api = Awaited<ReturnType<typeof apiSession>>;
interface Summary { id: string; caseNumber: string; status: string; orgUnit: { id: string; name: string } }

/** Every status action and assignment, clicked in the case detail like a caseworker would. */
describe('case actions through the UI', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let admin: Api;
  let fresh: Summary[];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.url, 'admin');
    fresh = (await admin.call('GET', '/api/cases?status=new&limit=50')).body.items;
    assert.ok(fresh.length >= 4, 'the demo has enough new cases');
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const take = (predicate: (c: Summary) => boolean = () => true): Summary => {
    const index = fresh.findIndex(predicate);
    assert.ok(index >= 0, 'a matching new case exists');
    return fresh.splice(index, 1)[0]!;
  };
  const serverStatus = async (id: string) => (await admin.call('GET', `/api/cases/${id}`)).body.status as string;

  async function open(id: string) {
    await page.goto(`/vorgaenge/${id}`);
    await page.locator('.case-header').waitFor();
    await page.locator('.timeline__item').first().waitFor();
  }

  /** Clicks an action button and waits for the confirmation and the new status in the header. */
  async function act(label: string, statusText: string) {
    await page.locator('.case-actions').getByRole('button', { name: label, exact: true }).click();
    await page.getByText(`Erledigt: ${label}.`).waitFor();
    await page.locator('.case-header .status', { hasText: statusText }).waitFor();
  }

  it('accept → start → decide → close → reopen, each reflected in header, history and on the server', async () => {
    const target = take();
    await open(target.id);
    await act('Annehmen', 'Angenommen');
    await act('Bearbeitung beginnen', 'In Bearbeitung');
    await act('Bescheiden', 'Beschieden');
    await act('Abschließen', 'Abgeschlossen');
    assert.equal(await serverStatus(target.id), 'closed');
    await act('Wiedereröffnen', 'Wiedereröffnet');
    assert.equal(await serverStatus(target.id), 'reopened');
    await page.locator('.timeline__title', { hasText: 'Abgeschlossen → Wiedereröffnet' }).waitFor();
    await page.getByRole('button', { name: 'Bearbeitung beginnen' }).waitFor();
  });

  it('rejects with a required reason, then requests deletion after a confirmation', async () => {
    const target = take();
    await open(target.id);
    await page.getByRole('button', { name: 'Ablehnen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Antrag ablehnen' });
    await dialog.getByRole('button', { name: 'Ablehnen' }).click();
    await dialog.getByText('Bitte geben Sie eine Begründung für die Ablehnung an.').waitFor();
    assert.equal(await serverStatus(target.id), 'new', 'nothing sent without a reason');
    await dialog.getByLabel('Begründung').fill('Antrag doppelt eingereicht.');
    await dialog.getByRole('button', { name: 'Ablehnen' }).click();
    await page.getByText('Erledigt: Ablehnen.').waitFor();
    await page.locator('.timeline__detail', { hasText: 'Antrag doppelt eingereicht.' }).waitFor();
    assert.equal(await serverStatus(target.id), 'rejected');

    await page.getByRole('button', { name: 'Löschung beantragen' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Löschung beantragen' });
    await confirm.getByRole('button', { name: 'Abbrechen' }).click();
    assert.equal(await serverStatus(target.id), 'rejected', 'cancelling changes nothing');
    await page.getByRole('button', { name: 'Löschung beantragen' }).click();
    await confirm.getByRole('button', { name: 'Löschung beantragen' }).click();
    await page.getByText('Erledigt: Löschung beantragen.').waitFor();
    await page.locator('.case-header .status', { hasText: 'Löschung beantragt' }).waitFor();
    assert.equal(await serverStatus(target.id), 'deletion_requested');
    await page.getByText('Für diesen Vorgang stehen Ihnen keine Statusaktionen zur Verfügung.').waitFor();
  });

  it('forwards to another org unit: the case moves to that unit', async () => {
    const target = take((c) => c.orgUnit.name !== 'Bauamt');
    await open(target.id);
    await page.getByRole('button', { name: 'Weiterleiten' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vorgang weiterleiten' });
    await dialog.getByRole('button', { name: 'Weiterleiten' }).click();
    await dialog.getByText('Bitte wählen Sie eine Organisationseinheit aus.').waitFor();
    await dialog.getByLabel('An Organisationseinheit').selectOption({ label: 'Bauamt' });
    await dialog.getByRole('button', { name: 'Weiterleiten' }).click();
    await page.getByText('Erledigt: Weiterleiten.').waitFor();
    await page.locator('.case-header .status', { hasText: 'Weitergeleitet' }).waitFor();
    const after = (await admin.call('GET', `/api/cases/${target.id}`)).body;
    assert.equal(after.status, 'forwarded');
    assert.equal(after.orgUnit.name, 'Bauamt');
    await page.locator('.case-header', { hasText: 'Bauamt' }).waitFor();
  });

  it('assigns to a colleague through the picker, then takes the case over', async () => {
    const target = take((c) => ['Ordnungsamt', 'Steueramt', 'Bürgerbüro'].includes(c.orgUnit.name));
    await open(target.id);
    await page.getByRole('button', { name: 'Zuweisen …' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vorgang zuweisen' });
    await dialog.getByRole('combobox', { name: 'Mitarbeiter/in' }).fill('Aylin');
    await page.getByRole('option', { name: 'Aylin Demir' }).click();
    await dialog.getByRole('button', { name: 'Zuweisen', exact: true }).click();
    await page.getByText('Erledigt: Zuweisen.').waitFor();
    await page.locator('.case-facts', { hasText: 'Aylin Demir' }).waitFor();
    assert.equal((await admin.call('GET', `/api/cases/${target.id}`)).body.assignee.displayName, 'Aylin Demir');

    await page.getByRole('button', { name: 'Übernehmen' }).click();
    await page.getByText('Erledigt: Übernehmen.').waitFor();
    await page.locator('.case-facts', { hasText: 'Jörg Petersen' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Übernehmen' }).count(), 0, 'no take-over of one’s own case');
    assert.equal((await admin.call('GET', `/api/cases/${target.id}`)).body.assignee.displayName, 'Jörg Petersen');
    await page.locator('.timeline__item', { hasText: 'Zugewiesen' }).first().waitFor();
  });

  it('works at tablet width (768×1024): screenshots of inbox and case detail', async () => {
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.goto('/');
    await page.locator('.inbox-row').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `inbox page does not scroll sideways (overflow ${overflow}px)`);
    // German compounds (no hyphenation dictionary in Chromium) keep the table a bit wider than a
    // tablet: the table scrolls inside its own container; the page itself does not.
    await screenshot(page, 'tablet-inbox');
    await open(fresh[0]!.id);
    const overflowDetail = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflowDetail <= 0, `case detail does not scroll sideways (overflow ${overflowDetail}px)`);
    await screenshot(page, 'tablet-case-detail');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
