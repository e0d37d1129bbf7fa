import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { proposeLists } from '../../server/src/records/destruction/propose.js';
import { uuidv7 } from '../../server/src/shared/ids.js';
import { axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

describe('destruction lists: review by two records officers, then the Vernichtungsprotokoll', () => {
  let server: E2EServer;
  let browser: Browser;
  let listNumber = 0;
  let takenOut = '';

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // The municipality destroys after a year (V); one service's cases are archive-worthy (A).
    const tenantId = server.tenantId;
    await withTenant(server.db, { tenantId }, async (trx) => {
      const closed = await trx.selectFrom('cases').select('service_id').where('status', '=', 'closed').orderBy('case_number').executeTakeFirstOrThrow();
      await trx.insertInto('retention_rules').values([
        { id: uuidv7(), tenant_id: tenantId, service_id: null, period_months: 12, starts_at: 'closed', appraisal: 'V', updated_by: 'Test' },
        { id: uuidv7(), tenant_id: tenantId, service_id: closed.service_id, period_months: 12, starts_at: 'closed', appraisal: 'A', updated_by: 'Test' },
      ]).execute();
    });
    // The clock set forward, as `amtsdesk retention run --as-of 2040-01-01` does.
    const [proposal] = await proposeLists(server.db, new Date('2040-01-01T23:59:59Z'), [tenantId]);
    assert.ok(proposal && proposal.cases > proposal.waiting && proposal.waiting > 0, JSON.stringify(proposal));
    listNumber = proposal.number;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the first records officer takes a case out with a reason and approves; she cannot confirm herself', async () => {
    const page: Page = await newPage(browser, server.url);
    await signInAs(page, 'schriftgut');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Aussonderung' }).click();
    await page.getByRole('heading', { level: 1, name: 'Aussonderung' }).waitFor();
    const lists = page.getByRole('table', { name: 'Aussonderungslisten, neueste zuerst' });
    assert.match(await lists.getByRole('row').nth(1).innerText(), /Vorgeschlagen – wartet auf die erste Prüfung/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'destruction-lists');

    await lists.getByRole('link', { name: `Aussonderungsliste ${listNumber} prüfen` }).click();
    await page.getByRole('heading', { level: 1, name: `Aussonderungsliste ${listNumber}` }).waitFor();
    const table = page.getByRole('table', { name: 'Vorgänge auf der Liste' });
    await table.getByText('wartet: Archivangebot ausstehend').first().waitFor();
    const first = table.getByRole('row').filter({ hasText: 'wird vernichtet' }).first();
    takenOut = (await first.getByRole('link').innerText()).trim();
    await first.getByRole('button', { name: `Vorgang ${takenOut} von der Liste nehmen` }).click();
    const dialog = page.getByRole('dialog', { name: `${takenOut} von der Liste nehmen` });
    await dialog.getByRole('button', { name: 'Herausnehmen' }).click();
    await dialog.getByText('Bitte geben Sie einen Grund an.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the dialog with its error is accessible');
    await dialog.getByLabel('Grund').fill('Widerspruchsverfahren noch nicht abgeschlossen');
    await dialog.getByRole('button', { name: 'Herausnehmen' }).click();
    await page.getByText(`Vorgang ${takenOut} von der Liste genommen.`).waitFor();
    assert.match(await table.getByRole('row', { name: new RegExp(takenOut) }).innerText(), /herausgenommen von Rita Brandt: Widerspruchsverfahren/);

    await page.getByRole('button', { name: 'Liste freigeben' }).click();
    await page.getByText('Liste freigegeben. Jetzt muss eine zweite Person die Vernichtung bestätigen.').waitFor();
    await page.getByText(/Freigegeben von Rita Brandt am/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Vernichtung bestätigen' }).count(), 0, 'four-eyes: no confirm button for the approver');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'destruction-list-review');
    await page.close();
  });

  it('a second records officer confirms; purge orders are written, archive-worthy cases wait', async () => {
    const page: Page = await newPage(browser, server.url);
    await signInAs(page, 'schriftgut2');
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Aussonderung' }).click();
    await page.getByRole('link', { name: `Aussonderungsliste ${listNumber} prüfen` }).click();
    await page.getByRole('button', { name: 'Vernichtung bestätigen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Vernichtung bestätigen' });
    await dialog.getByText('endgültig gelöscht').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await dialog.getByRole('button', { name: 'Vernichtung bestätigen' }).click();
    await page.getByText('Vernichtung bestätigt. Die Löschaufträge sind erteilt.').waitFor();
    const table = page.getByRole('table', { name: 'Vorgänge auf der Liste' });
    await table.getByText('Löschung beauftragt').first().waitFor();
    await table.getByText('wartet: Archivangebot ausstehend').first().waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'destruction-list-confirmed');

    const { orders, entries } = await withTenant(server.db, { tenantId: server.tenantId }, async (trx) => ({
      orders: await trx.selectFrom('purge_orders').select(['approved_by']).execute(),
      entries: await trx.selectFrom('destruction_list_entries').select(['case_number', 'state', 'archive']).execute(),
    }));
    assert.equal(orders.length, entries.filter((e) => e.state === 'ordered').length);
    assert.ok(orders.length > 0 && orders.every((o) => o.approved_by.join() === 'Rita Brandt,Sven Lorenzen'));
    assert.equal(entries.find((e) => e.case_number === takenOut)?.state, 'removed');
    assert.ok(entries.filter((e) => e.archive === 'awaiting').every((e) => e.state === 'included'), 'A cases are not ordered');
    await page.close();
  });

  it('the Vernichtungsprotokoll lists the purged cases by list and downloads as CSV', async () => {
    // What the purge worker writes once it has purged the ordered cases.
    await withTenant(server.db, { tenantId: server.tenantId }, async (trx) => {
      const orders = await trx.selectFrom('purge_orders as p').innerJoin('cases as c', 'c.id', 'p.case_id')
        .select(['p.id', 'p.case_id', 'p.list_id', 'p.reason', 'p.approved_by', 'c.case_number', 'c.received_at', 'c.closed_at']).execute();
      for (const o of orders) {
        await trx.insertInto('deletion_log').values({
          id: uuidv7(), tenant_id: server.tenantId, order_id: o.id, case_id: o.case_id, case_number: o.case_number, service_name: 'Hundesteuer',
          appraisal: 'V', case_created_at: o.received_at, case_closed_at: o.closed_at, retention_due_at: null, list_id: o.list_id, reason: o.reason,
          approved_by: JSON.stringify(o.approved_by),
        }).execute();
      }
    });
    const page: Page = await newPage(browser, server.url);
    await signInAs(page, 'schriftgut');
    await page.goto(`${server.url}/aussonderung`);
    await page.getByRole('link', { name: 'Vernichtungsprotokoll' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vernichtungsprotokoll' }).waitFor();
    const filters = page.getByRole('form', { name: 'Protokoll filtern' });
    await filters.getByLabel('Liste').selectOption({ label: `Aussonderungsliste ${listNumber}` });
    await filters.getByRole('button', { name: 'Anzeigen' }).click();
    const table = page.getByRole('table', { name: 'Gelöschte Vorgänge, neueste zuerst' });
    await table.getByRole('row', { name: /Rita Brandt, Sven Lorenzen/ }).first().waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'destruction-protocol');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Als CSV herunterladen' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), `Vernichtungsprotokoll_Liste-${listNumber}.csv`);
    const text = await new Response((await file.createReadStream()) as unknown as ReadableStream).text();
    assert.match(text, /"Aktenzeichen";"Leistung"/);
    assert.match(text, /Rita Brandt, Sven Lorenzen/);
    await page.close();
  });
});
