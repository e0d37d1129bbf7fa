import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, attachImage, axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, type E2EServer } from './harness.js';

/** axe-core (WCAG 2.1 A/AA) on the four main pages; the screenshots in docs/screenshots/ come from here. */
describe('accessibility and screenshots', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sign-in page has no WCAG 2.1 AA violations', async () => {
    await page.goto('/anmelden');
    await page.getByRole('combobox', { name: 'Kommune' }).waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'signin');
    assert.deepEqual(await axeViolations(page), []);
  });

  it('inbox has no WCAG 2.1 AA violations', async () => {
    await signInAs(page, 'sachbearbeitung1');
    await page.locator('.inbox-table:not([data-loading]) tr.inbox-row').first().waitFor();
    await screenshot(page, 'inbox');
    assert.deepEqual(await axeViolations(page), []);
  });

  it('case detail has no WCAG 2.1 AA violations', async () => {
    const api = await apiSession(server.url, 'sachbearbeitung1');
    const list = (await api.call('GET', '/api/cases?status=in_progress&limit=5')).body.items;
    const withGroups = list[0] ?? (await api.call('GET', '/api/cases?limit=1')).body.items[0];
    await attachImage(server, withGroups.id, 'Nachweis.png');
    await page.goto(`/vorgaenge/${withGroups.id}`);
    await page.locator('.timeline__item').first().waitFor();
    await screenshot(page, 'case-detail');
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole('button', { name: 'Ablehnen' }).or(page.getByRole('button', { name: 'Zuweisen …' })).first().click();
    await page.getByRole('dialog').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'an open dialog is accessible too');
    await page.keyboard.press('Escape');
  });

  it('dashboard has no WCAG 2.1 AA violations', async () => {
    await page.goto('/dashboard');
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'dashboard');
    assert.deepEqual(await axeViolations(page), []);
  });
});
