import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, axeViolations, launchBrowser, newPage, rows, settled, signInAs, startServer, type E2EServer } from './harness.js';

// The status counts are asked for only when they can have changed (web/src/inbox/countsCache.ts):
// new filters, or a live notice about a case. Each request costs the server, for every caseworker.
describe('status counts in the inbox', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  const countRequests: string[] = [];

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/cases/counts') countRequests.push(r.url());
    });
    await signInAs(page, 'poststelle');
    await settled(page);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const newChip = () => page.getByRole('button', { name: /^Neu \(\d+\)$/ });
  const newCount = async () => Number(/\((\d+)\)/.exec((await newChip().textContent()) ?? '')?.[1]);

  it("are not asked for again for a status chip or coming back from a case, but are after a colleague's change", async () => {
    await newChip().waitFor();
    const initial = countRequests.length;
    assert.ok(initial >= 1);
    const before = await newCount();

    await newChip().click();
    await page.waitForURL(/status=new/);
    await settled(page);
    await page.getByRole('button', { name: 'Alle (', exact: false }).click();
    await page.waitForURL((u) => !u.searchParams.has('status'));
    await settled(page);
    const first = rows(page).first();
    const caseNumber = (await first.getAttribute('data-case-number')) ?? '';
    await first.getByText(caseNumber).click();
    await page.waitForURL(/\/vorgaenge\//);
    await page.locator('.timeline__item').first().waitFor();
    await page.goBack();
    await settled(page);
    await newChip().waitFor();
    assert.equal(countRequests.length, initial, 'status chips and returning from a case reuse the counts');

    // A colleague accepts a new case: the live notice makes the counts stale, they are fetched once.
    const colleague = await apiSession(server.url, 'admin');
    const target = (await colleague.call('GET', '/api/cases?status=new&limit=1')).body.items[0];
    assert.equal((await colleague.call('POST', `/api/cases/${target.id}/transitions`, { action: 'accept', version: target.version })).status, 200);
    await page.getByRole('button', { name: `Neu (${before - 1})` }).waitFor();
    assert.equal(countRequests.length, initial + 1);
    assert.deepEqual(await axeViolations(page), []);
  });
});
