import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withTenant } from '../../server/src/db/database.js';
import { axeViolations, browserSuite, caseNumbers, rows, screenshot, settled } from './harness.js';

/*
 * A search too broad for its budget (decision 0015) gets a German hint in the desk, not a spinner.
 * The server runs with a budget of 5 rows, so a case number prefix shared by many cases is too broad.
 */
describe('search too broad for its budget', () => {
  const suite = browserSuite({ env: { AMTSDESK_SEARCH_BUDGET_ROWS: '5' }, signInAs: 'poststelle', waitForInbox: true });

  it('shows "bitte eingrenzen" with a way out, accessible, and the list again once the search is narrow', async () => {
    // The most frequent "unit-year" prefix of the case numbers on the first page (e.g. „OA-2026“).
    const prefixes = (await caseNumbers(suite.page)).map((n) => n.split('-').slice(0, 2).join('-'));
    const [broad, count] = [...prefixes.reduce((m, p) => m.set(p, (m.get(p) ?? 0) + 1), new Map<string, number>())].sort((a, b) => b[1] - a[1])[0]!;
    assert.ok(count > 5, `${broad} is on ${count} cases`);

    await suite.page.getByRole('searchbox', { name: 'Suche' }).fill(broad);
    await suite.page.waitForURL((u) => u.searchParams.get('q') === broad);
    const hint = suite.page.getByRole('alert').filter({ hasText: 'Zu viele Treffer – bitte eingrenzen' });
    await hint.waitFor({ timeout: 5_000 });
    assert.match((await hint.textContent()) ?? '', /genaueres Suchwort/);
    assert.equal(await suite.page.locator('.inbox-table[data-loading]').count(), 0, 'no spinner left behind');
    assert.deepEqual(await axeViolations(suite.page), []);
    await screenshot(suite.page, 'inbox-search-too-broad');

    // A whole case number is narrow: the list comes back with that case.
    const one = await withTenant(suite.server.db, { tenantId: suite.server.tenantId }, (trx) =>
      trx.selectFrom('cases').select('case_number').where('case_number', 'like', `${broad}-%`).executeTakeFirst());
    await suite.page.getByRole('searchbox', { name: 'Suche' }).fill(one?.case_number ?? '');
    await suite.page.waitForURL((u) => u.searchParams.get('q') === one?.case_number);
    await settled(suite.page);
    assert.equal(await hint.count(), 0);
    assert.ok((await rows(suite.page).count()) >= 1);

    await suite.page.getByRole('searchbox', { name: 'Suche' }).fill(broad);
    await hint.waitFor();
    await suite.page.getByRole('button', { name: 'Suche leeren' }).click();
    await suite.page.waitForURL((u) => !u.searchParams.get('q'));
    await settled(suite.page);
    assert.equal(await rows(suite.page).count(), 50);
  });
});
