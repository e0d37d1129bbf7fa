import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, attachImage, demoUser, launchBrowser, newPage, signInAs, startServer, type E2EServer } from './harness.js';

type Api = Awaited<ReturnType<typeof apiSession>>;

describe('case detail', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let admin: Api;
  let newCases: { id: string; caseNumber: string }[];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.url, 'admin');
    newCases = (await admin.call('GET', '/api/cases?status=new&limit=20')).body.items;
    assert.ok(newCases.length >= 4, 'the demo has enough new cases');
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(id: string) {
    await page.goto(`/vorgaenge/${id}`);
    await page.locator('.case-header').waitFor();
    await page.locator('.timeline__item').first().waitFor();
  }

  it('shows header, the labelled form data the German way, and previews an image attachment', async () => {
    const target = newCases[0]!;
    await attachImage(server, target.id);
    const detail = (await admin.call('GET', `/api/cases/${target.id}`)).body;
    await open(target.id);
    assert.equal(await page.locator('.case-header__number').textContent(), detail.caseNumber);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), detail.title);
    const form = page.locator('section[aria-labelledby="formdata-heading"]');
    const text = (await form.innerText()).replace(/\s+/g, ' ');
    const leaves: any[] = [];
    const walk = (items: any[]) => items.forEach((i) => (i.formItems?.length ? walk(i.formItems) : leaves.push(i)));
    walk(detail.formData);
    for (const leaf of leaves) assert.ok(text.includes(leaf.label), `label „${leaf.label}“ shown`);
    for (const leaf of leaves.filter((l) => l.dateValue)) {
      const [y, m, d] = leaf.dateValue.split('-');
      assert.ok(text.includes(`${d}.${m}.${y}`), `date ${leaf.dateValue} as dd.mm.yyyy`);
    }
    for (const leaf of leaves.filter((l) => typeof l.booleanValue === 'boolean')) {
      assert.match(text, new RegExp(`${leaf.label.replace(/[()]/g, '.')} (Ja|Nein)`));
    }
    await page.getByRole('button', { name: 'Vorschau' }).click();
    const img = page.getByRole('img', { name: 'Vorschau: Lageplan.png' });
    await img.waitFor();
    await page.waitForFunction(() => (document.querySelector('.attachment__preview img') as HTMLImageElement | null)?.naturalWidth === 2);
    const download = page.getByRole('link', { name: /Herunterladen/ });
    assert.equal(await download.getAttribute('download'), 'Lageplan.png');
    const served = await page.request.get((await download.getAttribute('href'))!);
    assert.match(served.headers()['content-disposition'] ?? '', /^attachment;/);
  });

  it('accepts a new case: the status changes in the page, in the history and on the server', async () => {
    const target = newCases[1]!;
    await open(target.id);
    await page.getByRole('button', { name: 'Annehmen' }).click();
    await page.getByText('Erledigt: Annehmen.').waitFor();
    assert.equal(await page.locator('.case-header .status').textContent(), 'Angenommen');
    await page.locator('.timeline__title', { hasText: 'Neu → Angenommen' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Annehmen' }).count(), 0, 'accept is no longer offered');
    await page.getByRole('button', { name: 'Bearbeitung beginnen' }).waitFor();
    assert.equal((await admin.call('GET', `/api/cases/${target.id}`)).body.status, 'accepted');
  });

  it('shows who changed the case in between instead of overwriting, and works again after reloading', async () => {
    const target = newCases[2]!;
    await open(target.id);
    const current = (await admin.call('GET', `/api/cases/${target.id}`)).body;
    const change = await admin.call('PUT', `/api/cases/${target.id}/assignee`, { assigneeId: admin.me.user.id, version: current.version });
    assert.equal(change.status, 200);

    await page.getByRole('button', { name: 'Annehmen' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'bitte neu laden' });
    await alert.waitFor();
    assert.equal(await alert.locator('.kern-title').textContent(), `Der Vorgang wurde von ${admin.me.user.displayName} geändert — bitte neu laden.`);
    assert.equal((await admin.call('GET', `/api/cases/${target.id}`)).body.status, 'new', 'nothing was overwritten');
    assert.equal(await page.getByRole('button', { name: 'Annehmen' }).isDisabled(), true);

    await page.getByRole('button', { name: 'Neu laden' }).click();
    await page.locator('.case-facts', { hasText: admin.me.user.displayName }).waitFor();
    await page.getByRole('button', { name: 'Annehmen' }).click();
    await page.getByText('Erledigt: Annehmen.').waitFor();
    assert.equal((await admin.call('GET', `/api/cases/${target.id}`)).body.status, 'accepted');
  });

  it('keeps a typed rejection reason through an expired session and completes the action after signing in again', async () => {
    const target = newCases[3]!;
    await open(target.id);
    await page.getByRole('button', { name: 'Ablehnen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Antrag ablehnen' });
    await dialog.getByRole('button', { name: 'Ablehnen' }).click();
    await dialog.getByText('Bitte geben Sie eine Begründung für die Ablehnung an.').waitFor();
    const reason = 'Die Unterlagen sind unvollständig; der Nachweis fehlt.';
    await dialog.getByLabel('Begründung').fill(reason);

    // The session ends on the server (expiry, or signed out elsewhere).
    const status = await page.evaluate(async () => {
      const me = await (await fetch('/api/auth/me')).json();
      return (await fetch('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } })).status;
    });
    assert.ok(status < 300);

    await dialog.getByRole('button', { name: 'Ablehnen' }).click();
    const expired = page.getByRole('alertdialog', { name: 'Sitzung abgelaufen' });
    await expired.waitFor();
    assert.equal(new URL(page.url()).pathname, `/vorgaenge/${target.id}`, 'no navigation away');
    await expired.getByLabel('Passwort').fill(demoUser('poststelle').password);
    await expired.getByRole('button', { name: 'Anmelden', exact: true }).click();

    await page.getByText('Erledigt: Ablehnen.').waitFor();
    assert.equal(await page.locator('.case-header .status').textContent(), 'Abgelehnt');
    await page.locator('.timeline__detail', { hasText: reason }).waitFor();
    const after = (await admin.call('GET', `/api/cases/${target.id}`)).body;
    assert.equal(after.status, 'rejected');
  });
});
