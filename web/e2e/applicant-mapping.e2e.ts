import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { apiSession, axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

/** The OZG-Cloud trade registration from an organisation account (server/test/fixtures), sent as a form system would. */
async function sendCompanyApplication(server: E2EServer): Promise<string> {
  const admin = await apiSession(server.url, 'admin');
  const token = await admin.call('POST', '/api/admin/api-tokens', { name: 'Formularserver (Test)', scopes: ['intake:submit'] });
  assert.equal(token.status, 201, JSON.stringify(token.body));
  const doc = JSON.parse(readFileSync(new URL('../../server/test/fixtures/ozg-gewerbeanmeldung-unternehmen.json', import.meta.url), 'utf8'));
  const form = new FormData();
  form.append('formData', new Blob([JSON.stringify(doc)], { type: 'application/json' }));
  const res = await fetch(`${server.url}/antrag`, { method: 'POST', headers: { authorization: `Bearer ${token.body.token}` }, body: form });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return (JSON.parse(text) as { vorgangNummer: string }).vorgangNummer;
}

describe('applicant contact mapping in the tenant administration', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let caseNumber: string;

  before(async () => {
    server = await startServer();
    caseNumber = await sendCompanyApplication(server);
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    await signInAs(page, 'admin');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('previews a mapping on the received application (a missing field is a warning), saves it and re-applies it after confirmation', async () => {
    await page.goto(`${server.url}/verwaltung`);
    await page.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Antragstellerdaten' }).click();
    await page.getByRole('heading', { level: 2, name: 'Antragstellerdaten' }).waitFor();
    await page.getByLabel('Leistung', { exact: true }).selectOption({ label: 'Gewerbeanmeldung' });
    const editor = page.getByRole('form', { name: 'Gewerbeanmeldung' });
    await editor.getByText('Für diese Leistung gilt die Voreinstellung des Eingangswegs.').waitFor();

    await editor.getByLabel('E-Mail-Adresse', { exact: true }).fill('kontaktdaten/E-Mail');
    await editor.getByLabel('Telefon', { exact: true }).fill('kontaktdaten/mobil');
    const choice = editor.getByLabel('Antrag für die Vorschau');
    await choice.selectOption((await choice.locator('option', { hasText: caseNumber }).getAttribute('value'))!);
    await editor.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    const result = editor.getByRole('table', { name: `Ergebnis für Vorgang ${caseNumber} (nichts wird gespeichert)` });
    await result.waitFor();
    await editor.getByText('Das Feld „kontaktdaten/mobil“ kommt in den Formulardaten nicht vor; „Telefon“ bleibt leer.').waitFor();
    assert.match(await result.getByRole('row', { name: /^Art/ }).innerText(), /Organisation\s+Organisation/);
    assert.match(await result.getByRole('row', { name: /^E-Mail-Adresse/ }).innerText(), /gewerbe@nordlicht-solar\.example/);
    assert.match(await result.getByRole('row', { name: /^Telefon/ }).innerText(), /0431 5570-120\s+–/, 'the missing field stays empty');
    assert.match(await result.getByRole('row', { name: /^Postfach/ }).innerText(), /Unternehmenskonto, Vertrauensniveau substanziell/);
    assert.deepEqual(await axeViolations(page), [], 'editor with preview is accessible');
    await editor.getByRole('heading', { name: 'Vorschau an einem eingegangenen Antrag' }).evaluate((h) => h.scrollIntoView({ block: 'start', behavior: 'instant' }));
    await screenshot(page, 'applicant-mapping-preview');

    await editor.getByLabel('Telefon', { exact: true }).fill('kontaktdaten/telefon');
    await editor.getByRole('button', { name: 'Zuordnung speichern' }).click();
    await editor.getByText('Zuordnung für „Gewerbeanmeldung“ gespeichert. Sie gilt für neue Anträge.').waitFor();

    await editor.getByRole('button', { name: 'Auf offene Vorgänge anwenden' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Zuordnung auf offene Vorgänge anwenden' });
    await dialog.getByText(/Jede Änderung wird in der Historie des Vorgangs vermerkt/).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the confirmation is accessible');
    await dialog.getByRole('button', { name: 'Auf offene Vorgänge anwenden' }).click();
    await editor.getByText(/^\d+ offene Vorgänge geprüft, \d+ geändert\.$/).waitFor();
  });
});
