// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- oidc-provider ships without types; the server tests declare them
/// <reference path="../../server/test/oidc-provider.d.ts" />
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { loadConfig, type AppConfig } from '../../server/src/config.js';
import { openDatabase, withTenant, type Database } from '../../server/src/db/database.js';
import { buildApp } from '../../server/src/main/app.js';
import { FsBlobStore } from '../../server/src/blobs/fs-blob-store.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { startStaffIdp, type StaffIdp } from '../../server/test/staff-idp.js';
import { axeViolations, launchBrowser, newPage, screenshot, signInAs, TENANT } from './harness.js';

/** The real server; its configuration stays reachable to set the public address once it listens. */
async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-staff-oidc-e2e-'));
  const config: AppConfig = { ...loadConfig({
    AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMTSDESK_LOGIN_RATE_MAX: '1000', AMTSDESK_LOGIN_CLIENT_RATE_MAX: '1000',
    // The municipality's identity provider in this test listens on loopback, as an on-site one would be allow-listed.
    AMTSDESK_OUTBOUND_ALLOW: '127.0.0.1',
  }) };
  const db: Database = await openDatabase({});
  const seeded = await seedDemo(db, { publicUrl: 'http://127.0.0.1', caseCount: 10, seed: 4711 });
  const app = await buildApp({ db, config, blobs: new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes) }, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  config.publicUrl = url;
  return {
    url, db, tenantId: seeded.tenantId,
    async close() { await app.close(); await db.close(); rmSync(dataDir, { recursive: true, force: true }); },
  };
}

describe('staff: Mit dem Identitätsanbieter der Kommune anmelden', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let idp: StaffIdp;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    idp = await startStaffIdp(`${server.url}/api/auth/oidc/callback`, 'musterstadt-amtsdesk');
    idp.accounts.set('kc-ole', { email: 'ole.neu@musterstadt.example', email_verified: true, name: 'Ole Neumann', groups: ['/musterstadt/ordnungsamt'] });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await idp?.close();
  });

  it('the admin sets up the provider and maps a group to a role and org unit (accessible)', async () => {
    const page = await newPage(browser, server.url);
    await signInAs(page, 'admin');
    await page.goto('/verwaltung/anmeldung');
    await page.getByRole('heading', { level: 2, name: 'Anmeldung der Beschäftigten (OIDC)' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await page.getByLabel('Name des Anbieters auf der Anmeldeseite').fill('Musterstadt-Login');
    await page.getByLabel('Adresse des Anbieters (Issuer)').fill('https://10.0.0.5/realms/verwaltung');
    await page.getByLabel('Client-ID').fill(idp.clientId);
    await page.getByLabel('Client-Secret').fill(idp.clientSecret);
    await page.getByLabel('Scopes').fill('openid email profile groups');
    await page.getByRole('button', { name: 'Speichern' }).click();
    // An internal address is refused next to its field.
    const issuer = page.getByLabel('Adresse des Anbieters (Issuer)');
    await page.locator('[aria-invalid="true"]').first().waitFor();
    assert.equal(await issuer.getAttribute('aria-invalid'), 'true');
    await issuer.fill(idp.issuer);
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Die Einstellungen wurden gespeichert.').waitFor();

    await page.getByLabel('Gruppe (Wert im Claim)').fill('/musterstadt/ordnungsamt');
    await page.getByLabel('Rolle', { exact: true }).selectOption('caseworker');
    await page.getByLabel('Organisationseinheit', { exact: true }).selectOption({ label: 'Ordnungsamt' });
    await page.getByRole('button', { name: 'Zuordnung hinzufügen' }).click();
    await page.getByRole('rowheader', { name: '/musterstadt/ordnungsamt' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'staff-oidc-admin');
  });

  it('a new colleague signs in with the button, gets the mapped role, and cannot be edited locally', async () => {
    const page = await newPage(browser, server.url);
    await page.goto('/anmelden');
    await page.getByRole('combobox', { name: 'Kommune' }).fill(TENANT.name);
    await page.getByRole('option', { name: TENANT.name }).click();
    const button = page.getByRole('button', { name: 'Mit Musterstadt-Login anmelden' });
    await button.waitFor();
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'staff-oidc-signin');

    await button.click();
    await page.locator('input[name="login"]').fill('kc-ole');
    await page.locator('input[name="password"]').fill('beliebig');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click(); // consent at the provider
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();

    const user = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      trx.selectFrom('users').select(['roles', 'roles_from_idp']).where('oidc_subject', '=', 'kc-ole').executeTakeFirstOrThrow());
    assert.deepEqual(user.roles, ['caseworker']);
    assert.equal(user.roles_from_idp, true);

    const admin = await newPage(browser, server.url);
    await signInAs(admin, 'admin');
    await admin.goto('/verwaltung');
    await admin.getByRole('button', { name: 'Bearbeiten: Ole Neumann' }).click();
    await admin.getByText('Rollen und Organisationseinheiten verwaltet der Identitätsanbieter', { exact: false }).waitFor();
    assert.deepEqual(await axeViolations(admin), []);
    await screenshot(admin, 'staff-oidc-user-readonly');
  });

  it('a refused sign-in says why on the sign-in page', async () => {
    const page = await newPage(browser, server.url);
    await page.goto('/anmelden?fehler=oidc_keine_rolle');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /keiner Gruppe mit einer Rolle/);
    assert.deepEqual(await axeViolations(page), []);
  });
});
