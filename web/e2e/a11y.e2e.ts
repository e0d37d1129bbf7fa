import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, attachImage, axeViolations, browserSuite, screenshot, signInAs } from './harness.js';

/** axe-core (WCAG 2.1 A/AA) on the four main pages; the screenshots in docs/screenshots/ come from here. */
describe('accessibility and screenshots', () => {
  const suite = browserSuite({ withPage: true });

  it('sign-in page has no WCAG 2.1 AA violations', async () => {
    await suite.page.goto('/anmelden');
    await suite.page.getByRole('combobox', { name: 'Kommune' }).waitFor();
    await suite.page.waitForLoadState('networkidle');
    await screenshot(suite.page, 'signin');
    assert.deepEqual(await axeViolations(suite.page), []);
  });

  it('inbox has no WCAG 2.1 AA violations', async () => {
    await signInAs(suite.page, 'sachbearbeitung1');
    await suite.page.locator('.inbox-table:not([data-loading]) tr.inbox-row').first().waitFor();
    await screenshot(suite.page, 'inbox');
    assert.deepEqual(await axeViolations(suite.page), []);
  });

  it('case detail has no WCAG 2.1 AA violations', async () => {
    const api = await apiSession(suite.server.url, 'sachbearbeitung1');
    const list = (await api.call('GET', '/api/cases?status=in_progress&limit=5')).body.items;
    const withGroups = list[0] ?? (await api.call('GET', '/api/cases?limit=1')).body.items[0];
    await attachImage(suite.server, withGroups.id, 'Nachweis.png');
    await suite.page.goto(`/vorgaenge/${withGroups.id}`);
    await suite.page.locator('.timeline__item').first().waitFor();
    await screenshot(suite.page, 'case-detail');
    assert.deepEqual(await axeViolations(suite.page), []);
    await suite.page.getByRole('button', { name: 'Ablehnen' }).or(suite.page.getByRole('button', { name: 'Zuweisen …' })).first().click();
    await suite.page.getByRole('dialog').waitFor();
    assert.deepEqual(await axeViolations(suite.page), [], 'an open dialog is accessible too');
    await suite.page.keyboard.press('Escape');
  });

  it('dashboard has no WCAG 2.1 AA violations', async () => {
    await suite.page.goto('/dashboard');
    await suite.page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(suite.page, 'dashboard');
    assert.deepEqual(await axeViolations(suite.page), []);
  });
});
