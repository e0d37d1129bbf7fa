import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { apiSession, axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

const today = () => new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());

describe('message route and printed letter', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let cases: Array<{ id: string; caseNumber: string }>;

  /** The applicant of a demo case, rewritten to what the test needs. */
  async function setApplicant(caseId: string, applicant: Record<string, unknown>) {
    await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      trx.updateTable('cases').set({ applicant: JSON.stringify(applicant) as never }).where('id', '=', caseId).execute());
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    await signInAs(page, 'sachbearbeitung1');
    const api = await apiSession(server.url, 'sachbearbeitung1');
    cases = (await api.call('GET', '/api/cases?status=in_progress&limit=20')).body.items;
    assert.ok(cases.length >= 2, 'the demo has cases in progress for this caseworker');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the send dialog shows which way the message goes, and why, before anything is sent', async () => {
    const target = cases[0]!;
    await setApplicant(target.id, {
      kind: 'organisation', organisationName: 'Bäckerei Korn GmbH', email: 'info@baeckerei-korn.example',
      mailbox: { identifier: 'muk-4711', type: 'MUK', accountType: 'unternehmen' },
    });
    await page.goto(`/vorgaenge/${target.id}`);
    const panel = page.getByRole('region', { name: /Nachrichten/ });
    await panel.getByRole('button', { name: 'Neue Nachricht' }).click();
    const notice = panel.locator('.route-notice');
    await notice.getByText('Zustellweg: E-Mail mit Link zum Bürgerportal').waitFor();
    await notice.getByText(/nicht eingerichtet.*Bürgerportal; die E-Mail an info@baeckerei-korn\.example sagt nur, dass etwas wartet/).waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Nachricht senden' }).isVisible(), true);
    assert.equal(await panel.getByLabel('Stattdessen als Brief per Post senden').count(), 0, 'no address: no letter offered');
    assert.deepEqual(await axeViolations(page), [], 'the send dialog with its route is accessible');
    await notice.scrollIntoViewIfNeeded();
    await screenshot(page, 'message-route');
  });

  it('an applicant reachable only by post: the dialog offers the letter; it is created, downloadable, and its posting confirmed', async () => {
    const target = cases[1]!;
    await setApplicant(target.id, {
      kind: 'person', firstName: 'Jonas', lastName: 'Weber', address: { street: 'Lindenweg', houseNumber: '7', postalCode: '24103', city: 'Kiel' },
    });
    await page.goto(`/vorgaenge/${target.id}`);
    const panel = page.getByRole('region', { name: /Nachrichten/ });
    await panel.getByRole('button', { name: 'Neue Nachricht' }).click();
    const notice = panel.locator('.route-notice');
    await notice.getByText('Zustellweg: Brief per Post').waitFor();
    await notice.getByText('E-Mail-Adresse', { exact: true }).waitFor();
    await panel.getByLabel('Betreff').fill('Fehlender Nachweis');
    await panel.getByLabel('Nachricht', { exact: true }).fill('Bitte reichen Sie den Impfnachweis nach.');
    assert.deepEqual(await axeViolations(page), [], 'the dialog offering the letter is accessible');
    await panel.getByRole('button', { name: 'Als Brief erstellen' }).click();
    await page.getByText('Der Brief ist erstellt.', { exact: false }).waitFor();

    const letter = panel.locator('.letter-state');
    await letter.getByText('Brief – zum Versand bereit').waitFor();
    const link = letter.getByRole('link', { name: /Brief herunterladen \(PDF\)/ });
    const pdf = await page.request.get((await link.getAttribute('href'))!);
    assert.equal(pdf.status(), 200);
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    const date = letter.getByLabel('Per Post versandt am');
    assert.equal(await date.inputValue(), today(), 'today is suggested');
    assert.deepEqual(await axeViolations(page), [], 'the letter in the thread is accessible');
    await letter.scrollIntoViewIfNeeded();
    await screenshot(page, 'message-letter-ready');

    await letter.getByRole('button', { name: 'Versand bestätigen' }).click();
    await letter.getByText(`Per Post versandt am ${today()}`, { exact: false }).waitFor();
    assert.equal(await letter.getByRole('button', { name: 'Versand bestätigen' }).count(), 0);
    await page.getByText('Brief per Post versandt').first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the posted letter is accessible');
  });
});
