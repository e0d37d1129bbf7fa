import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

/** yyyy-mm-dd n days from today (German local date). */
function day(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

describe('tasks inside a case (Aufgaben)', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let target: { id: string; caseNumber: string };

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await apiSession(server.url, 'admin');
    const worker = await apiSession(server.url, 'sachbearbeitung1');
    target = (await worker.call('GET', '/api/cases?status=in_progress&limit=20')).body.items[0];
    assert.ok(target, 'the demo data has a case in progress for this caseworker');
    const detail = (await worker.call('GET', `/api/cases/${target.id}`)).body;
    // The service asks for every task to be done before the decision; a decision draft is ready.
    const saved = await admin.call('PUT', `/api/admin/decision-settings/${detail.service.id}`, { requiresRelease: false, requiresTasksDone: true });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const template = await admin.call('POST', '/api/admin/decision-templates', {
      serviceId: detail.service.id, kind: 'approval', name: 'Bewilligung (Aufgaben-Test)', body: 'Sehr geehrte(r) {{antragsteller.name}},\n\nIhr Antrag {{vorgang.nummer}} wird bewilligt.',
    });
    assert.equal(template.status, 201, JSON.stringify(template.body));
    const drafted = await worker.call('POST', `/api/cases/${target.id}/decisions`, { source: 'template', templateId: template.body.id });
    assert.equal(drafted.status, 201, JSON.stringify(drafted.body));
    page = await newPage(browser, server.url);
    await signInAs(page, 'sachbearbeitung1');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const panel = () => page.getByRole('region', { name: 'Aufgaben' });

  it('creates a check with the keyboard; the panel and the dialog are accessible', async () => {
    await page.goto(`/vorgaenge/${target.id}`);
    await panel().getByText('Zu diesem Vorgang gibt es keine Aufgaben.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'case page with the empty task panel');

    await panel().getByRole('button', { name: 'Aufgabe anlegen' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Neue Aufgabe' });
    await dialog.waitFor();
    // Submitting empty names the missing fields.
    await dialog.getByRole('button', { name: 'Aufgabe anlegen' }).press('Enter');
    await dialog.getByText('Bitte beschreiben Sie die Aufgabe.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the dialog with field errors');
    await dialog.getByLabel('Was ist zu tun?').focus();
    await page.keyboard.type('Bitte die Angaben zur Hundehaltung prüfen.');
    await dialog.getByLabel('Eine Person').focus();
    await page.keyboard.press('Space');
    await dialog.getByLabel('Person', { exact: true }).selectOption({ label: 'Aylin Demir' });
    await dialog.getByLabel('Zu erledigen bis').fill(day(3));
    await screenshot(page, 'task-dialog');
    await dialog.getByLabel('Zu erledigen bis').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await panel().getByText('Prüfung: Bitte die Angaben zur Hundehaltung prüfen.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the panel with an open task');
    await screenshot(page, 'task-panel');
  });

  it('„Meine Aufgaben“ lists it, reachable from the navigation', async () => {
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Meine Aufgaben' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meine Aufgaben' }).waitFor();
    await page.getByRole('link', { name: target.caseNumber }).first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'my tasks');
    await screenshot(page, 'my-tasks');
  });

  it('the decision is refused while the task is open and sent once it is done', async () => {
    await page.goto(`/vorgaenge/${target.id}`);
    const decision = page.getByRole('region', { name: 'Bescheid' });
    await decision.getByRole('button', { name: 'Bescheid versenden' }).click();
    const send = page.getByRole('dialog', { name: 'Bescheid versenden' });
    await send.getByRole('button', { name: 'Bescheid versenden' }).click();
    const refusal = page.getByText('1 Aufgabe ist noch offen', { exact: false }).first();
    await refusal.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the refused send step');
    await refusal.scrollIntoViewIfNeeded();
    await screenshot(page, 'task-decision-blocked');
    await page.keyboard.press('Escape');

    await page.goto(`/vorgaenge/${target.id}`);
    const task = panel().getByRole('listitem').first();
    await task.getByLabel('Beanstandung').check();
    await task.getByLabel('Bemerkung (optional)').fill('Alles vollständig.');
    await task.getByLabel('In Ordnung').check();
    await task.getByRole('button', { name: 'Ergebnis speichern' }).click();
    await panel().getByText(/In Ordnung von Aylin Demir/).waitFor();

    await decision.getByRole('button', { name: 'Bescheid versenden' }).click();
    await send.getByRole('button', { name: 'Bescheid versenden' }).click();
    await page.getByText('Der Bescheid wurde versandt.', { exact: false }).waitFor();
  });
});
