import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { readZip } from '../../server/test/subject-kit.js';
import { axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

describe('Betroffenenrechte: a data-protection officer answers one person (Art. 15, 16, 17)', () => {
  let server: E2EServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A demo applicant with an e-mail address, and all of their cases. */
  async function person() {
    return withTenant(server.db, { tenantId: server.tenantId }, async (trx) => {
      const row = (await sql<{ email: string }>`
        SELECT lower(applicant->>'email') AS email FROM cases WHERE applicant->>'email' IS NOT NULL
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`.execute(trx)).rows[0]!;
      const cases = (await sql<{ id: string; case_number: string }>`
        SELECT id, case_number FROM cases WHERE lower(applicant->>'email') = ${row.email} ORDER BY received_at DESC, case_number`.execute(trx)).rows;
      return { email: row.email, cases };
    });
  }

  it('finds the person by e-mail, downloads the access report, corrects a field and requests erasure', async () => {
    const { email, cases } = await person();
    const page: Page = await newPage(browser, server.url);
    await signInAs(page, 'datenschutz');
    await page.getByRole('link', { name: 'Betroffenenrechte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Betroffenenrechte' }).waitFor();

    const form = page.getByRole('form', { name: 'Person suchen' });
    await form.getByRole('button', { name: 'Suchen' }).click();
    await page.getByText('Bitte geben Sie Name, E-Mail-Adresse, Postfach-Kennung oder Vorgangsnummern der Person an.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the search with its error is accessible');

    await form.getByLabel('E-Mail-Adresse').fill(email.toUpperCase());
    await form.getByRole('button', { name: 'Suchen' }).click();
    const table = page.getByRole('table', { name: /Vorgänge, die zur Suche passen/ });
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), cases.length, 'every case of the person, nobody else');
    for (const c of cases) await page.getByLabel(`Vorgang ${c.case_number} gehört zur Person`).check();
    const download = page.getByRole('link', { name: 'Auskunft herunterladen (ZIP)' });
    assert.equal(await download.getAttribute('download'), '', 'served as a download');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'subject-rights-search');

    const res = await page.request.get(`${server.url}${await download.getAttribute('href')}`);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-disposition'] ?? '', /^attachment;/);
    const files = readZip(await res.body());
    const json = JSON.parse(files.get('auskunft.json')!.toString('utf8'));
    assert.deepEqual(json.cases.map((c: { caseId: string }) => c.caseId).sort(), cases.map((c) => c.id).sort());
    assert.ok(files.has('Auskunft.pdf'));

    const first = cases[0]!;
    await page.getByRole('button', { name: `Berichtigen: ${first.case_number}` }).click();
    const correction = page.getByRole('form', { name: `Angaben berichtigen – Vorgang ${first.case_number}` });
    await correction.getByLabel('Feld').selectOption({ label: 'Telefon' });
    await correction.getByLabel('Richtiger Wert').fill('0431 123456');
    await correction.getByRole('button', { name: 'Berichtigung speichern' }).click();
    await correction.getByText('Bitte geben Sie den Grund („reason“) an.').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the correction form with its error is accessible');
    await correction.getByLabel('Grund').fill('Schreiben der Person vom 2. Dezember');
    await screenshot(page, 'subject-rights-correction');
    await correction.getByRole('button', { name: 'Berichtigung speichern' }).click();
    await page.getByText('Die Angabe wurde berichtigt und im Verlauf des Vorgangs vermerkt.').waitFor();
    const phone = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      trx.selectFrom('cases').select(sql<string>`applicant->>'phone'`.as('phone')).where('id', '=', first.id).executeTakeFirstOrThrow());
    assert.equal(phone.phone, '0431 123456');

    await page.getByRole('button', { name: `Löschung beantragen: ${first.case_number}` }).click();
    const erasure = page.getByRole('form', { name: `Vorzeitige Löschung beantragen – Vorgang ${first.case_number}` });
    await erasure.getByLabel('Grund').fill('Antrag der Person nach Art. 17 DSGVO vom 2. Dezember');
    await erasure.getByRole('button', { name: 'Löschung beantragen' }).click();
    await page.getByText('Die Löschung ist beantragt.', { exact: false }).first().waitFor();
    const requests = page.getByRole('table', { name: /Löschanträge nach Art. 17 DSGVO/ });
    await requests.getByText('Bestätigen muss eine andere Person').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'subject-rights-erasure-requested');
    await page.close();
  });

  it('a second data-protection officer confirms the erasure; the purge is ordered', async () => {
    const page: Page = await newPage(browser, server.url);
    await signInAs(page, 'datenschutz2');
    await page.goto(`${server.url}/betroffenenrechte`);
    const requests = page.getByRole('table', { name: /Löschanträge nach Art. 17 DSGVO/ });
    const confirm = requests.getByRole('button', { name: /^Löschung von .* bestätigen$/ });
    await confirm.waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await confirm.click();
    await page.getByText('Die Löschung ist bestätigt; der Vorgang wird gelöscht.').waitFor();
    await requests.getByText('bestätigt – wird gelöscht (Tobias Lange)').waitFor();
    await screenshot(page, 'subject-rights-erasure-confirmed');
    const orders = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('purge_orders').select(['list_id', 'approved_by']).execute());
    assert.deepEqual(orders, [{ list_id: null, approved_by: ['Miriam Vogt', 'Tobias Lange'] }]);
    await page.close();
  });

  it('a caseworker neither sees nor opens the page', async () => {
    const page: Page = await newPage(browser, server.url);
    await signInAs(page, 'sachbearbeitung1');
    assert.equal(await page.getByRole('link', { name: 'Betroffenenrechte' }).count(), 0);
    await page.goto(`${server.url}/betroffenenrechte`);
    await page.getByText('Betroffenenrechte bearbeitet nur der Datenschutz.').waitFor();
    await page.close();
  });
});
