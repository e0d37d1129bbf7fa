import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { provisionTenant } from '../../server/src/tenants/provision.js';
import { axeViolations, launchBrowser, newPage, startServer, type E2EServer } from './harness.js';

/** The first-login link that `amtsdesk tenant create` prints for a new municipality's admin. */
describe('invitation link: a new municipality admin sets a password and is signed in', () => {
  let server: E2EServer;
  let browser: Browser;
  let token: string;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const result = await provisionTenant(
      server.db,
      { name: 'Amt Dörpstedt', kind: 'office', ags: '01059021', adminEmail: 'verwaltung@doerpstedt.example', adminName: 'Jens Hansen' },
      { kind: 'operator', id: null, name: 'Landesrechenzentrum' },
    );
    token = result.inviteToken;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('checks the password next to the field, then signs the admin into the new municipality', async () => {
    const page = await newPage(browser, server.url);
    await page.goto(`/einladung#token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Zugang einrichten' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await page.getByLabel('Neues Passwort').fill('zu-kurz');
    await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
    await page.getByText('Das Passwort muss mindestens 12 Zeichen lang sein.').waitFor();
    assert.equal(await page.getByLabel('Neues Passwort').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Neues Passwort').fill('Dörpstedt liegt an der Treene');
    await page.getByLabel('Passwort wiederholen').fill('Dörpstedt liegt an der Eider');
    await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
    await page.getByText('Die beiden Passwörter stimmen nicht überein.').waitFor();

    await page.getByLabel('Passwort wiederholen').fill('Dörpstedt liegt an der Treene');
    await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByText('Amt Dörpstedt').first().waitFor();
    await page.context().close();
  });

  it('refuses the spent link with a clear message, and the new password signs in', async () => {
    const page = await newPage(browser, server.url);
    await page.goto(`/einladung#token=${token}`);
    await page.getByLabel('Neues Passwort').fill('Noch ein langes Passwort');
    await page.getByLabel('Passwort wiederholen').fill('Noch ein langes Passwort');
    await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
    await page.getByText(/Einladungslink ist ungültig, abgelaufen oder wurde bereits verwendet/).waitFor();
    assert.equal(new URL(page.url()).pathname, '/einladung');

    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'amt-doerpstedt', email: 'verwaltung@doerpstedt.example', password: 'Dörpstedt liegt an der Treene' }),
    });
    assert.equal(res.status, 200);
    await page.context().close();
  });
});
