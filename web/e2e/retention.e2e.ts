import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { axeViolations, browserSuite, newPage, screenshot, signInAs } from './harness.js';

describe('retention: rules in the administration, due date and legal hold on the case', () => {
  const suite = browserSuite();

  it('an admin gives one service its own rule after a field error; the table shows it', async () => {
    const page: Page = await newPage(suite.browser, suite.server.url);
    await signInAs(page, 'admin');
    await page.goto(`${suite.server.url}/verwaltung/aufbewahrung`);
    await page.getByRole('heading', { level: 2, name: 'Aufbewahrung' }).waitFor();
    const table = page.getByRole('table', { name: 'Aufbewahrungsregeln je Leistung' });
    assert.match(await table.getByRole('row', { name: /Vorgabe der Kommune/ }).innerText(), /10 Jahre[\s\S]*Abschluss des Vorgangs[\s\S]*zu bewerten \(B\)/);

    const service = await withTenant(suite.server.db, { tenantId: suite.server.tenantId }, (trx) => trx.selectFrom('services').select('name').orderBy('name').executeTakeFirstOrThrow());
    await page.getByRole('button', { name: `Regel für „${service.name}“ ändern` }).click();
    const dialog = page.getByRole('dialog', { name: `Aufbewahrung: ${service.name}` });
    await dialog.getByLabel('Frist in Monaten').fill('sechs');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.getByText('Bitte geben Sie eine ganze Zahl von Monaten').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the dialog with its error is accessible');

    await dialog.getByLabel('Frist in Monaten').fill('72');
    await dialog.getByLabel('Fristbeginn').selectOption({ label: 'Bestandskraft des Bescheids' });
    await dialog.getByLabel('Archivbewertung').selectOption({ label: 'archivwürdig (A)' });
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText(`Regel für „${service.name}“ gespeichert.`).waitFor();
    assert.match(await table.getByRole('row', { name: new RegExp(service.name) }).innerText(), /6 Jahre[\s\S]*Bestandskraft des Bescheids[\s\S]*archivwürdig \(A\)/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'retention-rules');
    await page.close();
  });

  it('the records officer sees when a closed case is due and places a legal hold with a reason', async () => {
    const closed = await withTenant(suite.server.db, { tenantId: suite.server.tenantId }, (trx) =>
      trx.selectFrom('cases').select(['id', 'case_number']).where('status', '=', 'closed').orderBy('case_number').executeTakeFirstOrThrow());
    const page: Page = await newPage(suite.browser, suite.server.url);
    await signInAs(page, 'schriftgut');
    await page.goto(`${suite.server.url}/vorgaenge/${closed.id}`);
    const panel = page.getByRole('region', { name: 'Aufbewahrung' });
    await panel.getByText('Aussonderung ab').waitFor();

    await panel.getByRole('button', { name: 'Sperre setzen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Aufbewahrungssperre setzen' });
    await dialog.getByRole('button', { name: 'Sperre setzen' }).click();
    await dialog.getByText('Bitte geben Sie einen Grund an.').waitFor();
    await dialog.getByLabel('Grund').fill('Klageverfahren VG Schleswig, Az. 1 A 23/26');
    await dialog.getByRole('button', { name: 'Sperre setzen' }).click();
    await panel.getByText('Aufbewahrungssperre gesetzt.').waitFor();
    await panel.getByText('Aufbewahrungssperre: wird nicht gelöscht').waitFor();
    await page.locator('.timeline__title', { hasText: 'Aufbewahrungssperre gesetzt' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'retention-case-hold');

    const held = await withTenant(suite.server.db, { tenantId: suite.server.tenantId }, (trx) =>
      trx.selectFrom('legal_holds').select(['reason', 'set_by_name']).where('case_id', '=', closed.id).where('released_at', 'is', null).execute());
    assert.deepEqual(held, [{ reason: 'Klageverfahren VG Schleswig, Az. 1 A 23/26', set_by_name: 'Rita Brandt' }]);
    await page.close();
  });

  it('a reader sees the due date but cannot place holds', async () => {
    const closed = await withTenant(suite.server.db, { tenantId: suite.server.tenantId }, (trx) =>
      trx.selectFrom('cases').select('id').where('status', '=', 'closed').orderBy('case_number', 'desc').executeTakeFirstOrThrow());
    const page: Page = await newPage(suite.browser, suite.server.url);
    await signInAs(page, 'lesen');
    await page.goto(`${suite.server.url}/vorgaenge/${closed.id}`);
    const panel = page.getByRole('region', { name: 'Aufbewahrung' });
    await panel.getByText('Aussonderung ab').waitFor();
    assert.equal(await panel.getByRole('button', { name: 'Sperre setzen' }).count(), 0);
    await page.close();
  });

  it('the access log shows that the records officer opened the case, to the admin, filtered by case number', async () => {
    const closed = await withTenant(suite.server.db, { tenantId: suite.server.tenantId }, (trx) =>
      trx.selectFrom('cases').select(['id', 'case_number']).where('status', '=', 'closed').orderBy('case_number').executeTakeFirstOrThrow());
    const page: Page = await newPage(suite.browser, suite.server.url);
    await signInAs(page, 'admin');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Zugriffsprotokoll' }).click();
    await page.getByRole('heading', { level: 1, name: 'Zugriffsprotokoll' }).waitFor();
    const filters = page.getByRole('form', { name: 'Protokoll filtern' });
    await filters.getByLabel('Aktenzeichen').fill(closed.case_number);
    await filters.getByRole('button', { name: 'Anzeigen' }).click();
    const table = page.getByRole('table', { name: 'Zugriffe, neueste zuerst' });
    await table.getByRole('row', { name: /Rita Brandt/ }).first().waitFor();
    assert.match(await table.getByRole('row', { name: /Rita Brandt/ }).first().innerText(), new RegExp(`Rita Brandt[\\s\\S]*${closed.case_number.replace(/[/.]/g, '\\$&')}[\\s\\S]*Vorgang geöffnet`));
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'access-log');
    await page.close();
  });
});
