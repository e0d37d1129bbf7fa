import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiSession, axeViolations, browserSuite, demoUser, newPage, screenshot, signInAs } from './harness.js';

describe('changing one’s own password in the desk', () => {
  const suite = browserSuite();

  it('opens from the user menu, explains refusals at the field, and ends the other sessions', async () => {
    const elsewhere = await apiSession(suite.server.url, 'sachbearbeitung1');
    const page = await newPage(suite.browser, suite.server.url);
    await signInAs(page, 'sachbearbeitung1');
    await page.getByRole('button', { name: /^Benutzermenü/ }).click();
    await page.getByRole('menuitem', { name: 'Passwort ändern' }).click();
    const dialog = page.getByRole('dialog', { name: 'Passwort ändern' });
    await dialog.waitFor();

    await dialog.getByLabel('Bisheriges Passwort').fill(demoUser('sachbearbeitung1').password);
    await dialog.getByLabel('Neues Passwort', { exact: true }).fill('Passwort2024!');
    await dialog.getByLabel('Neues Passwort wiederholen').fill('Passwort2024!');
    await dialog.getByRole('button', { name: 'Passwort ändern' }).click();
    await dialog.locator('.kern-error').filter({ hasText: 'Liste häufig verwendeter' }).waitFor();
    assert.equal(await dialog.getByLabel('Neues Passwort', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'password-change-refused');

    await dialog.getByLabel('Neues Passwort', { exact: true }).fill('Der Hund bellt den Briefträger an');
    await dialog.getByLabel('Neues Passwort wiederholen').fill('Der Hund bellt den Briefträger an');
    await dialog.getByRole('button', { name: 'Passwort ändern' }).click();
    await dialog.getByText('Ihr Passwort wurde geändert.').waitFor();
    assert.deepEqual(await axeViolations(page), []);
    assert.equal((await elsewhere.call('GET', '/api/auth/me')).status, 401, 'the other session has ended');
    await dialog.getByRole('button', { name: 'Schließen' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
    assert.equal((await page.request.get('/api/auth/me')).status(), 200, 'this session stays');
    await page.context().close();
  });
});
