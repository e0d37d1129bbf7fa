import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, browserSuite, screenshot } from './harness.js';

/** A CSV file as a spreadsheet program saves it: UTF-8 with byte order mark, semicolons, CRLF. */
function csvFile(name: string, lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kennungen-')), name);
  writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  return path;
}

describe('routing identifiers in the tenant administration', () => {
  const suite = browserSuite({ signInAs: 'admin' });

  it('adds an identifier for an org unit after a field error, and deletes one after confirmation', async () => {
    await suite.page.goto(`${suite.server.url}/verwaltung`);
    await suite.page.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Zuständigkeit' }).click();
    await suite.page.getByRole('heading', { level: 2, name: 'Zuständigkeit' }).waitFor();
    await suite.page.getByText('Noch keine Kennungen eingetragen.').waitFor();

    const form = suite.page.getByRole('form', { name: 'Kennung eintragen' });
    await form.getByRole('button', { name: 'Eintragen' }).click();
    await form.getByText('Bitte wählen Sie die Kennungsart.').waitFor();
    assert.equal(await form.getByLabel('Kennungsart').getAttribute('aria-invalid'), 'true');

    await form.getByLabel('Kennungsart').selectOption({ label: 'FIT-Connect: Zustellpunkt' });
    await form.getByLabel('Kennung', { exact: true }).fill('kein-zustellpunkt');
    await form.getByRole('button', { name: 'Eintragen' }).click();
    // The server's refusal lands next to the field it names.
    await form.getByText(/ist eine UUID/).waitFor();
    assert.equal(await form.getByLabel('Kennung', { exact: true }).getAttribute('aria-invalid'), 'true');

    await form.getByLabel('Kennungsart').selectOption({ label: 'OZG-Cloud: zuständige Stelle' });
    await form.getByLabel('Kennung', { exact: true }).fill('197008');
    await form.getByLabel('Gilt für').selectOption({ label: 'Bauamt (BAU)' });
    await form.getByRole('button', { name: 'Eintragen' }).click();
    await suite.page.getByText('Kennung „197008“ eingetragen.').waitFor();
    const row = suite.page.getByRole('row', { name: /197008/ });
    assert.match(await row.innerText(), /197008[\s\S]*OZG-Cloud: zuständige Stelle[\s\S]*Bauamt/);

    await form.getByLabel('Kennungsart').selectOption({ label: 'PVOG/XZuFi: Organisation' });
    await form.getByLabel('Kennung', { exact: true }).fill('wird-geloescht');
    await form.getByLabel('Gilt für').selectOption({ label: 'Ganze Kommune' });
    await form.getByRole('button', { name: 'Eintragen' }).click();
    await suite.page.getByRole('button', { name: 'Kennung „wird-geloescht“ löschen' }).click();
    await suite.page.getByRole('alertdialog', { name: 'Kennung löschen' }).getByRole('button', { name: 'Löschen' }).click();
    await suite.page.getByText('Kennung „wird-geloescht“ gelöscht.').waitFor();
    assert.equal(await suite.page.getByRole('row', { name: /wird-geloescht/ }).count(), 0);
  });

  it('checks a CSV file line by line, refuses a bad file as a whole, and takes over a good one', async () => {
    const importForm = suite.page.getByRole('form', { name: 'Kennungen aus CSV einlesen' });
    await importForm.getByLabel('CSV-Datei').setInputFiles(csvFile('fehlerhaft.csv', ['Kennungsart;Kennung;Organisationseinheit', 'zustaendigeStelle;197009;OA', 'postleitzahl;12345;', 'zustaendigeStelle;197008;BAU']));
    await importForm.getByRole('button', { name: 'Prüfen' }).click();
    await importForm.getByText('2 Zeilen sind fehlerhaft.', { exact: false }).waitFor();
    const result = importForm.getByRole('table', { name: 'Ergebnis der Prüfung' });
    assert.match(await result.getByRole('row', { name: /^3 / }).innerText(), /Kennungsart „postleitzahl“ ist unbekannt/);
    assert.match(await result.getByRole('row', { name: /^2 / }).innerText(), /In Ordnung/);
    assert.match(await result.getByRole('row', { name: /^4 / }).innerText(), /in dieser Kommune bereits eingetragen/);
    assert.equal(await importForm.getByRole('button', { name: 'Übernehmen' }).count(), 0, 'a bad file cannot be taken over');
    assert.deepEqual(await axeViolations(suite.page), [], 'the per-line result is accessible');

    await importForm.getByLabel('CSV-Datei').setInputFiles(csvFile('kennungen.csv', ['Kennungsart;Kennung;Organisationseinheit', 'zustaendigeStelle;197009;OA', 'intelliform_client;musterstadt-buergerbuero;BB', 'pvog;4711-musterstadt;']));
    await importForm.getByRole('button', { name: 'Prüfen' }).click();
    await importForm.getByText('Alle 3 Zeilen sind in Ordnung').waitFor();
    await importForm.getByRole('heading', { name: 'Kennungen aus CSV einlesen' }).evaluate((h) => h.scrollIntoView({ block: 'start', behavior: 'instant' }));
    await screenshot(suite.page, 'routing-identifiers-import');
    await importForm.getByRole('button', { name: 'Übernehmen' }).click();
    await suite.page.getByText('3 Kennungen übernommen.').waitFor();
    for (const value of ['197009', 'musterstadt-buergerbuero', '4711-musterstadt']) await suite.page.getByRole('row', { name: new RegExp(value) }).waitFor();

    await suite.page.getByLabel('Anzeigen für').selectOption({ label: 'Bauamt' });
    assert.equal(await suite.page.getByRole('table', { name: 'Zuständigkeit' }).locator('tbody tr').count(), 1, 'the Bauamt has only 197008');
    await suite.page.getByLabel('Anzeigen für').selectOption({ label: 'Alle Kennungen' });
    assert.deepEqual(await axeViolations(suite.page), []);
    await suite.page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
    await screenshot(suite.page, 'routing-identifiers');
  });
});
