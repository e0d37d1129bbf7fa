import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { caseNumbers, cellTexts, launchBrowser, newPage, rows, settled, signInAs, startServer, type E2EServer } from './harness.js';

describe('inbox', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
    await settled(page);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('pages with "Weitere laden" through all cases', async () => {
    assert.equal(await rows(page).count(), 50);
    await page.getByRole('button', { name: 'Weitere laden' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.inbox-table tr.inbox-row').length === 60);
    assert.equal(await page.getByRole('button', { name: 'Weitere laden' }).count(), 0);
  });

  it('narrows the list by status chip and search, reflects both in the URL, and restores them from it', async () => {
    const chip = page.getByRole('button', { name: /^Neu \(\d+\)$/ });
    const expected = Number(/\((\d+)\)/.exec((await chip.textContent()) ?? '')?.[1]);
    assert.ok(expected > 0 && expected < 60);
    await chip.click();
    await page.waitForURL(/status=new/);
    await settled(page);
    assert.equal(await rows(page).count(), expected);
    assert.deepEqual(new Set(await cellTexts(page, 'Status')), new Set(['Neu']));

    const unsearched = await cellTexts(page, 'Antragsteller/in');
    const lastName = unsearched[0]!.split(',')[0]!.trim();
    // Every case of that surname, in the list's order (similar spellings such as Hofmann for Hoffmann may come too).
    const withName = (list: string[]) => list.filter((n) => n.startsWith(`${lastName},`));
    await page.getByRole('searchbox', { name: 'Suche' }).fill(lastName);
    await page.waitForURL((u) => u.searchParams.get('q') === lastName);
    await settled(page);
    const names = await cellTexts(page, 'Antragsteller/in');
    assert.ok(names.length >= 1 && names.length < expected, `search narrowed ${expected} → ${names.length}`);
    assert.deepEqual(withName(names), withName(unsearched));

    // A typo (the last letter twice) finds the same people.
    const typo = `${lastName}${lastName.slice(-1)}`;
    await page.getByRole('searchbox', { name: 'Suche' }).fill(typo);
    await page.waitForURL((u) => u.searchParams.get('q') === typo);
    await settled(page);
    assert.deepEqual(withName(await cellTexts(page, 'Antragsteller/in')), withName(unsearched), `search for „${typo}“`);
    await page.getByRole('searchbox', { name: 'Suche' }).fill(lastName);
    await page.waitForURL((u) => u.searchParams.get('q') === lastName);
    await settled(page);

    const shared = page.url();
    const second = await newPage(browser, server.url);
    await second.context().addCookies(await page.context().cookies());
    await second.goto(shared);
    await settled(second);
    assert.equal(await second.getByRole('button', { name: /^Neu \(/ }).getAttribute('aria-pressed'), 'true');
    assert.equal(await second.getByRole('searchbox', { name: 'Suche' }).inputValue(), lastName);
    assert.deepEqual(await cellTexts(second, 'Antragsteller/in'), names);
    await second.context().close();
  });

  it('sorts by case number when the column header is clicked', async () => {
    await page.goto('/');
    await settled(page);
    await page.getByRole('columnheader', { name: /Vorgangsnummer/ }).click();
    await page.waitForURL(/sort=case_number/);
    await settled(page);
    const numbers = await caseNumbers(page);
    // Natural order: unit, then year and sequence as numbers (BAU-2026-4 before BAU-2026-29).
    const sorted = [...numbers].sort((a, b) => a.localeCompare(b, 'de', { numeric: true }));
    assert.deepEqual(numbers, sorted);
    assert.ok(numbers.length > 1);
    assert.equal(await page.getByRole('columnheader', { name: /Vorgangsnummer/ }).getAttribute('aria-sort'), 'ascending');
  });

  it('works by keyboard: "/" focuses the search, j/k move through rows, Enter opens the case', async () => {
    await page.goto('/');
    await settled(page);
    await page.locator('h1').click();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'inbox-search');
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.caseNumber);
    const second = (await caseNumbers(page))[1];
    assert.equal(focused, second);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/vorgaenge\//);
    assert.equal(await page.locator('.case-header__number').textContent(), second);
  });
});
