import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../../server/src/config.js';
import { startOutboxWorker, type OutboxWorker } from '../../server/src/main/outbox.js';
import { apiSession, axeViolations, launchBrowser, newPage, signInAs, startServer, type E2EServer } from './harness.js';

describe('notification bell in the desk', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let worker: OutboxWorker;
  let intakeToken: string;
  let submitted = 0;

  /** Delivers everything due, as the worker in `amtsdesk start` would (the e2e server runs none). */
  const deliver = async () => {
    while ((await worker.runOnce()) > 0);
  };
  const submit = async (lastName: string) => {
    const res = await fetch(`${server.url}/api/intake/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${intakeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        transactionId: `bell-e2e-${++submitted}`,
        serviceKey: '99050012104000',
        title: 'Gewerbeanmeldung',
        applicant: { kind: 'person', firstName: 'Greta', lastName, address: { street: 'Markt', houseNumber: '2', postalCode: '24103', city: 'Kiel' } },
        formData: [{ name: 'taetigkeit', label: 'Tätigkeit', stringValue: 'Buchbinderei' }],
      }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    return (await res.json()) as { caseId: string; caseNumber: string };
  };
  const bell = () => page.locator('button.notification-bell');

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    worker = startOutboxWorker({ db: server.db, config: loadConfig({ LOG_LEVEL: 'silent' }), pollMs: 3_600_000 });
    const admin = await apiSession(server.url, 'admin');
    const created = await admin.call('POST', '/api/admin/api-tokens', { name: 'Formularserver', scopes: ['intake:submit'] });
    assert.equal(created.status, 201);
    intakeToken = created.body.token;
    // The demo's own new cases notify the intake desk first; start from an empty bell.
    await deliver();
    const poststelle = await apiSession(server.url, 'poststelle');
    assert.equal((await poststelle.call('POST', '/api/notifications/read-all')).status, 200);
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
  });
  after(async () => {
    await worker?.stop();
    await browser?.close();
    await server?.close();
  });

  it('a new application lights the bell (1), announced politely; the entry opens the case and is read', async () => {
    await bell().and(page.getByRole('button', { name: 'Benachrichtigungen, keine ungelesen' })).waitFor();
    const kase = await submit('Glockner');
    await deliver();

    await page.getByRole('button', { name: 'Benachrichtigungen, 1 ungelesen' }).waitFor();
    assert.equal(await page.locator('.notification-bell__badge').textContent(), '1');
    await page.getByRole('status').filter({ hasText: 'Neue Benachrichtigung: 1 ungelesen' }).waitFor({ state: 'attached' });

    await bell().click();
    const menu = page.getByRole('menu', { name: 'Benachrichtigungen' });
    await menu.waitFor();
    const entry = menu.getByRole('menuitem', { name: new RegExp(`Neuer Vorgang ${kase.caseNumber}`) });
    await entry.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'axe with the menu open');

    await entry.click();
    await page.waitForURL(`**/vorgaenge/${kase.caseId}`);
    await page.locator('.case-header__number', { hasText: kase.caseNumber }).waitFor();
    await page.getByRole('button', { name: 'Benachrichtigungen, keine ungelesen' }).waitFor();
  });

  it('keyboard: Enter opens the menu, End reaches „Alle als gelesen markieren“, Enter marks all read', async () => {
    await submit('Klingel');
    await submit('Schelle');
    await deliver();
    await page.getByRole('button', { name: 'Benachrichtigungen, 2 ungelesen' }).waitFor();

    await bell().focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Benachrichtigungen' });
    await menu.waitFor();
    await page.keyboard.press('End');
    const readAll = menu.getByRole('menuitem', { name: 'Alle als gelesen markieren' });
    assert.equal(await readAll.evaluate((el) => el === document.activeElement), true, 'focus on the last entry');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Benachrichtigungen, keine ungelesen' }).waitFor();
    assert.equal(await page.locator('.notification-bell__badge').count(), 0);
  });
});
