import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { axeViolations, caseNumbers, launchBrowser, newPage, rows, screenshot, settled, signInAs, startServer, type E2EServer } from './harness.js';

/*
 * A search too broad for its budget (decision 0015) gets a German hint in the desk, not a spinner.
 * The server runs with a budget of 5 rows, so a case number prefix shared by many cases is too broad.
 */
describe('search too broad for its budget', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    server = await startServer({ env: { AMTSDESK_SEARCH_BUDGET_ROWS: '5' } });
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
    await settled(page);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows "bitte eingrenzen" with a way out, accessible, and the list again once the search is narrow', async () => {
    // The most frequent "unit-year" prefix of the case numbers on the first page (e.g. „OA-2026“).
    const prefixes = (await caseNumbers(page)).map((n) => n.split('-').slice(0, 2).join('-'));
    const [broad, count] = [...prefixes.reduce((m, p) => m.set(p, (m.get(p) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]!;
    assert.ok(count > 5, `${broad} is on ${count} cases`);

    await page.getByRole('searchbox', { name: 'Suche' }).fill(broad);
    await page.waitForURL((u) => u.searchParams.get('q') === broad);
    const hint = page.getByRole('alert').filter({ hasText: 'Zu viele Treffer – bitte eingrenzen' });
    await hint.waitFor({ timeout: 5_000 });
    assert.match((await hint.textContent()) ?? '', /genaueres Suchwort/);
    assert.equal(await page.locator('.inbox-table[data-loading]').count(), 0, 'no spinner left behind');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'inbox-search-too-broad');

    // A whole case number is narrow: the list comes back with that case.
    const one = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      trx.selectFrom('cases').select('case_number').where('case_number', 'like', `${broad}-%`).executeTakeFirst());
    await page.getByRole('searchbox', { name: 'Suche' }).fill(one?.case_number ?? '');
    await page.waitForURL((u) => u.searchParams.get('q') === one?.case_number);
    await settled(page);
    assert.equal(await hint.count(), 0);
    assert.ok((await rows(page).count()) >= 1);

    await page.getByRole('searchbox', { name: 'Suche' }).fill(broad);
    await hint.waitFor();
    await page.getByRole('button', { name: 'Suche leeren' }).click();
    await page.waitForURL((u) => !u.searchParams.get('q'));
    await settled(page);
    assert.equal(await rows(page).count(), 50);
  });
});
