import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, demoUser, newPage, signIn } from './harness.js';

describe('sign-in', () => {
  const suite = browserSuite();

  it('sends a signed-out visitor to the sign-in page and remembers where they wanted to go', async () => {
    const page = await newPage(suite.browser, suite.server.url);
    await page.goto('/dashboard');
    await page.waitForURL(/\/anmelden\?weiter=%2Fdashboard/);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Anmelden');
    const user = demoUser('sachbearbeitung1');
    await page.getByRole('combobox', { name: 'Kommune' }).fill('Muster');
    await page.getByRole('option', { name: 'Musterstadt' }).click();
    await page.getByLabel('E-Mail-Adresse').fill(user.email);
    await page.getByLabel('Passwort').fill(user.password);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.context().close();
  });

  it('shows missing fields next to the field, in German', async () => {
    const page = await newPage(suite.browser, suite.server.url);
    await page.goto('/anmelden');
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.getByText('Bitte geben Sie Ihre E-Mail-Adresse ein.').waitFor();
    await page.getByText('Bitte geben Sie Ihr Passwort ein.').waitFor();
    assert.equal(await page.getByLabel('E-Mail-Adresse').getAttribute('aria-invalid'), 'true');
    await page.context().close();
  });

  it('refuses a wrong password with a German message at the password field and stays on the page', async () => {
    const page = await newPage(suite.browser, suite.server.url);
    await signIn(page, demoUser('poststelle').email, 'ganz-falsch');
    const password = page.getByLabel('Passwort');
    await page.locator('.kern-error').filter({ hasText: 'Passwort ist falsch' }).waitFor();
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    const describedBy = (await password.getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    assert.ok(descriptions.join(' ').includes('Passwort ist falsch'), 'the error is tied to the password field');
    assert.equal(new URL(page.url()).pathname, '/anmelden');
    await page.context().close();
  });

  it('lands a caseworker with the right password in the inbox, with tenant and name in the header, and signs out', async () => {
    const page = await newPage(suite.browser, suite.server.url);
    const user = demoUser('poststelle');
    await signIn(page, user.email, user.password);
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.locator('.inbox-row').first().waitFor();
    assert.ok((await page.locator('header').textContent())?.includes('Musterstadt'));
    await page.getByRole('button', { name: `Benutzermenü: ${user.displayName}` }).click();
    await page.getByRole('menuitem', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/anmelden/);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    assert.equal(me, 401, 'the session is gone on the server too');
    await page.context().close();
  });
});
