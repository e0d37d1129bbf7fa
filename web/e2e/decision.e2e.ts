import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, axeViolations, launchBrowser, newPage, signInAs, startServer, type E2EServer } from './harness.js';

describe('decision (Bescheid)', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: Page;
  let caseworker: Page;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await newPage(browser, server.url);
    await signInAs(admin, 'admin');
    caseworker = await newPage(browser, server.url);
    await signInAs(caseworker, 'sachbearbeitung1');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an admin manages templates under Verwaltung → Bescheide; an unknown placeholder is named at the text field', async () => {
    await admin.goto('/verwaltung');
    await admin.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Bescheide' }).click();
    await admin.getByRole('heading', { level: 2, name: 'Bescheidvorlagen' }).waitFor();
    await admin.getByRole('button', { name: 'Neue Vorlage' }).click();
    const form = admin.getByRole('form', { name: 'Neue Vorlage' });
    await form.getByLabel('Name').fill('Bewilligung (Standard)');
    const body = form.getByLabel('Text mit Platzhaltern');
    await body.fill('Sehr geehrte(r) {{antragsteller.name}},\n\nIhr Antrag {{vorgang.nummer}} wird am {{morgen}} bewilligt.');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByText('Der Platzhalter „{{morgen}}“ ist unbekannt.', { exact: false }).waitFor();
    assert.equal(await body.getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(admin), [], 'template admin page (with an error) is accessible');
    await body.fill('Sehr geehrte(r) {{antragsteller.name}},\n\nIhr Antrag „{{leistung.name}}“ (Vorgangsnummer {{vorgang.nummer}}) vom {{vorgang.eingang}} wird bewilligt.\n\n{{kommune.name}}, {{heute}}');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await admin.getByRole('cell', { name: 'Bewilligung (Standard)', exact: true }).waitFor();
    assert.deepEqual(await axeViolations(admin), [], 'template admin page is accessible');
  });

  it('a caseworker drafts from the template, edits, previews the PDF and sends: the case becomes „Beschieden“', async () => {
    const api = await apiSession(server.url, 'sachbearbeitung1');
    const list = await api.call('GET', '/api/cases?status=in_progress&limit=20');
    const target = list.body.items[0] as { id: string; caseNumber: string } | undefined;
    assert.ok(target, 'the demo data has a case in progress for this caseworker');
    await caseworker.goto(`/vorgaenge/${target.id}`);
    const panel = caseworker.getByRole('region', { name: 'Bescheid' });
    await panel.getByLabel('Vorlage').selectOption({ label: 'Bewilligung (Standard) (Bewilligung)' });
    await panel.getByRole('button', { name: 'Entwurf erstellen' }).click();
    const text = panel.getByLabel('Text des Bescheids');
    await text.waitFor();
    assert.match(await text.inputValue(), new RegExp(`Vorgangsnummer ${target.caseNumber.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await text.fill(`${await text.inputValue()}\n\nDie Hundesteuermarke wird Ihnen gesondert zugesandt.`);
    await panel.getByRole('button', { name: 'Text speichern' }).click();
    await caseworker.getByText('Der Text wurde gespeichert.').waitFor();
    await panel.getByRole('button', { name: 'Vorschau (PDF)' }).click();
    const frame = panel.locator('iframe[title="Vorschau des Bescheids"]');
    await frame.waitFor();
    const src = await frame.getAttribute('src');
    // Our own PDF is the one file the desk may frame: the viewer loads, no "refused to connect" page.
    const framed = (await (await frame.elementHandle())!.contentFrame())!;
    for (let i = 0; i < 50 && !framed.childFrames().some((f) => f.url().startsWith('chrome-extension://')); i++) await caseworker.waitForTimeout(100);
    assert.notEqual(framed.url(), 'chrome-error://chromewebdata/', 'the preview is not blocked from framing');
    assert.ok(framed.childFrames().some((f) => f.url().startsWith('chrome-extension://')), 'the PDF viewer shows the decision');
    const pdf = await caseworker.request.get(src!);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    assert.deepEqual(await axeViolations(caseworker), [], 'case detail with the decision panel is accessible');

    await panel.getByRole('button', { name: 'Bescheid versenden' }).click();
    const dialog = caseworker.getByRole('dialog', { name: 'Bescheid versenden' });
    // The send step says which way the decision goes, and why, before it leaves.
    await dialog.getByText(/^Zustellweg: /).waitFor();
    assert.match(await dialog.locator('.route-notice').innerText(), /Die Nachricht geht deshalb/);
    assert.deepEqual(await axeViolations(caseworker), [], 'the decision send step with its route is accessible');
    await dialog.getByRole('button', { name: 'Bescheid versenden' }).click();
    await caseworker.getByText('Der Bescheid wurde versandt.', { exact: false }).waitFor();
    await caseworker.locator('.case-header').getByText('Beschieden').first().waitFor();
    const detail = await api.call('GET', `/api/cases/${target.id}`);
    assert.equal(detail.body.status, 'decided');
    assert.ok(detail.body.attachments.some((a: { kind: string }) => a.kind === 'decision'));
    await panel.getByText('Versandt', { exact: true }).waitFor();
  });
});
