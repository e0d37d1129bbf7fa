// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- oidc-provider ships without types; the server tests declare them
/// <reference path="../../server/test/oidc-provider.d.ts" />
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type AppConfig } from '../../server/src/config.js';
import { openDatabase, withTenant, type Database } from '../../server/src/db/database.js';
import { buildApp } from '../../server/src/main/app.js';
import { FsBlobStore } from '../../server/src/blobs/fs-blob-store.js';
import { seedDemo } from '../../server/src/demo/seed.js';
import { createCase } from '../../server/src/cases/service.js';
import { axeViolations, launchBrowser, newPage, TENANT } from './harness.js';

/** The real server (API + built web app); its configuration object stays reachable to add the provider once both listen. */
async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-portal-oidc-e2e-'));
  const config: AppConfig = { ...loadConfig({
    AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent',
    // Browser tests sign in far more often from one address than a person would.
    AMTSDESK_LOGIN_RATE_MAX: '1000', AMTSDESK_LOGIN_CLIENT_RATE_MAX: '1000', AMTSDESK_PORTAL_LINK_RATE_MAX: '1000',
    AMTSDESK_PORTAL_LINK_MAILS_PER_HOUR: '1000', AMTSDESK_PORTAL_CLIENT_RATE_MAX: '1000',
  }) };
  const db: Database = await openDatabase({});
  const seeded = await seedDemo(db, { publicUrl: 'http://127.0.0.1', caseCount: 20, seed: 4711 });
  const app = await buildApp({ db, config, blobs: new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes) }, { logger: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url, db, config, tenantId: seeded.tenantId,
    async close() {
      await app.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Portal sign-in with a user-account service: the button, the trip to a real OpenID provider and back to one's applications. */
describe('portal: Mit Servicekonto anmelden', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const idp = createServer();
  let caseNumber = '';

  before(async () => {
    server = await startServer();
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    const redirectUri = `${server.url}/api/portal/oidc/callback`;
    const provider = new Provider(issuer, {
      clients: [{ client_id: 'amtsdesk-portal', client_secret: 'e2e-geheimnis', redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post' }],
      async findAccount(_ctx: unknown, sub: string) {
        return { accountId: sub, claims: async () => ({ sub, postkorb_handle: `pk-${sub}` }) };
      },
      claims: { openid: ['sub', 'postkorb_handle'] },
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      cookies: { keys: ['e2e-cookie-schluessel'] },
    });
    idp.on('request', provider.callback());
    const service = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('services').select('id').orderBy('name').executeTakeFirstOrThrow());
    const created = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      createCase(trx, server.tenantId, {
        serviceId: service.id, title: 'Anmeldung eines Hundes', channel: 'e2e',
        applicant: { kind: 'person', firstName: 'Jonas', lastName: 'Weber', mailbox: { identifier: 'pk-jonas', type: 'BundID' } },
        formData: [{ name: 'rasse', label: 'Rasse', stringValue: 'Beagle' }],
      }, { kind: 'system', id: null, name: 'E2E' }),
    );
    caseNumber = created.caseNumber;
    // The routes read the configuration per request; the provider needed the app's address first.
    server.config.portalOidc = { issuer, clientId: 'amtsdesk-portal', clientSecret: 'e2e-geheimnis', redirectUri };
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => idp.close(resolve));
  });

  it('offers the button (accessible), signs in at the provider and shows the own application', async () => {
    const page = await newPage(browser, server.url);
    await page.goto('/portal');
    const button = page.getByRole('button', { name: 'Mit Servicekonto anmelden' });
    await button.waitFor();
    assert.deepEqual(await axeViolations(page), []);

    await button.click();
    const combobox = page.getByRole('combobox', { name: 'Kommune' });
    assert.equal(await combobox.getAttribute('aria-invalid'), 'true', 'without a municipality the field is marked');
    await combobox.fill(TENANT.name);
    await page.getByRole('option', { name: TENANT.name }).click();
    await button.click();

    await page.locator('input[name="login"]').fill('jonas');
    await page.locator('input[name="password"]').fill('beliebig');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]').click(); // consent at the provider

    await page.getByRole('heading', { level: 1, name: 'Meine Anträge' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/portal');
    await page.getByText(caseNumber).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  });

  it('a failed sign-in lands on the sign-in page with a neutral notice', async () => {
    const page = await newPage(browser, server.url);
    await page.goto('/portal?fehler=servicekonto');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Anmeldung mit dem Servicekonto war nicht möglich/);
    assert.equal(new URL(page.url()).search, '', 'the notice is not kept in the address');
    assert.deepEqual(await axeViolations(page), []);
  });
});
