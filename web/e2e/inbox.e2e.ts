import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, caseNumbers, cellTexts, newPage, rows, settled } from './harness.js';

describe('inbox', () => {
  const suite = browserSuite({ signInAs: 'poststelle', waitForInbox: true });

  it('pages with "Weitere laden" through all cases', async () => {
    assert.equal(await rows(suite.page).count(), 50);
    await suite.page.getByRole('button', { name: 'Weitere laden' }).click();
    await suite.page.waitForFunction(() => document.querySelectorAll('.inbox-table tr.inbox-row').length === 60);
    assert.equal(await suite.page.getByRole('button', { name: 'Weitere laden' }).count(), 0);
  });

  it('narrows the list by status chip and search, reflects both in the URL, and restores them from it', async () => {
    const chip = suite.page.getByRole('button', { name: /^Neu \(\d+\)$/ });
    const expected = Number(/\((\d+)\)/.exec((await chip.textContent()) ?? '')?.[1]);
    assert.ok(expected > 0 && expected < 60);
    await chip.click();
    await suite.page.waitForURL(/status=new/);
    await settled(suite.page);
    assert.equal(await rows(suite.page).count(), expected);
    assert.deepEqual(new Set(await cellTexts(suite.page, 'Status')), new Set(['Neu']));

    const unsearched = await cellTexts(suite.page, 'Antragsteller/in');
    const lastName = unsearched[0]!.split(',')[0]!.trim();
    // Every case of that surname, in the list's order (similar spellings such as Hofmann for Hoffmann may come too).
    const withName = (list: string[]) => list.filter((n) => n.startsWith(`${lastName},`));
    await suite.page.getByRole('searchbox', { name: 'Suche' }).fill(lastName);
    await suite.page.waitForURL((u) => u.searchParams.get('q') === lastName);
    await settled(suite.page);
    const names = await cellTexts(suite.page, 'Antragsteller/in');
    assert.ok(names.length >= 1 && names.length < expected, `search narrowed ${expected} → ${names.length}`);
    assert.deepEqual(withName(names), withName(unsearched));

    // A typo (the last letter twice) finds the same people.
    const typo = `${lastName}${lastName.slice(-1)}`;
    await suite.page.getByRole('searchbox', { name: 'Suche' }).fill(typo);
    await suite.page.waitForURL((u) => u.searchParams.get('q') === typo);
    await settled(suite.page);
    assert.deepEqual(withName(await cellTexts(suite.page, 'Antragsteller/in')), withName(unsearched), `search for „${typo}“`);
    await suite.page.getByRole('searchbox', { name: 'Suche' }).fill(lastName);
    await suite.page.waitForURL((u) => u.searchParams.get('q') === lastName);
    await settled(suite.page);

    const shared = suite.page.url();
    const second = await newPage(suite.browser, suite.server.url);
    await second.context().addCookies(await suite.page.context().cookies());
    await second.goto(shared);
    await settled(second);
    assert.equal(await second.getByRole('button', { name: /^Neu \(/ }).getAttribute('aria-pressed'), 'true');
    assert.equal(await second.getByRole('searchbox', { name: 'Suche' }).inputValue(), lastName);
    assert.deepEqual(await cellTexts(second, 'Antragsteller/in'), names);
    await second.context().close();
  });

  it('sorts by case number when the column header is clicked', async () => {
    await suite.page.goto('/');
    await settled(suite.page);
    await suite.page.getByRole('columnheader', { name: /Vorgangsnummer/ }).click();
    await suite.page.waitForURL(/sort=case_number/);
    await settled(suite.page);
    const numbers = await caseNumbers(suite.page);
    // Natural order: unit, then year and sequence as numbers (BAU-2026-4 before BAU-2026-29).
    const sorted = [...numbers].sort((a, b) => a.localeCompare(b, 'de', { numeric: true }));
    assert.deepEqual(numbers, sorted);
    assert.ok(numbers.length > 1);
    assert.equal(await suite.page.getByRole('columnheader', { name: /Vorgangsnummer/ }).getAttribute('aria-sort'), 'ascending');
  });

  it('works by keyboard: "/" focuses the search, j/k move through rows, Enter opens the case', async () => {
    await suite.page.goto('/');
    await settled(suite.page);
    await suite.page.locator('h1').click();
    await suite.page.keyboard.press('/');
    assert.equal(await suite.page.evaluate(() => document.activeElement?.id), 'inbox-search');
    await suite.page.locator('h1').click();
    await suite.page.keyboard.press('j');
    await suite.page.keyboard.press('j');
    await suite.page.keyboard.press('k');
    await suite.page.keyboard.press('j');
    const focused = await suite.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.caseNumber);
    const second = (await caseNumbers(suite.page))[1];
    assert.equal(focused, second);
    await suite.page.keyboard.press('Enter');
    await suite.page.waitForURL(/\/vorgaenge\//);
    assert.equal(await suite.page.locator('.case-header__number').textContent(), second);
  });
});
