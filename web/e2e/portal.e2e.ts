import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { createCase } from '../../server/src/cases/service.js';
import { startServerWithWorker } from './server-with-worker.js';
import { axeViolations, launchBrowser, screenshot, signInAs } from './harness.js';

const APPLICANT = 'lena.brandt@example.org';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');


describe('citizen portal', () => {
  let server: Awaited<ReturnType<typeof startServerWithWorker>>;
  let browser: Browser;
  let desk: Page;
  let caseId: string;
  let caseNumber: string;

  const usedLinks = new Set<string>();
  /** Waits for a sign-in link e-mailed to the applicant that has not been used yet. */
  async function nextLink(): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const dir = join(server.dataDir, 'mail');
      const links = existsSync(dir)
        ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='))
          .filter((m) => m.includes(APPLICANT)).flatMap((m) => [...m.matchAll(/(http:\/\/[^\s]+\/portal\/anmelden#token=[A-Za-z0-9_-]+)/g)].map((x) => x[1]!))
        : [];
      const fresh = links.find((l) => !usedLinks.has(l));
      if (fresh) {
        usedLinks.add(fresh);
        // The API's public URL is configured before the port is known; the path is what counts.
        return fresh.replace(/^https?:\/\/[^/]+/, server.url);
      }
      await sleep(200);
    }
    throw new Error('no sign-in e-mail arrived');
  }

  async function expectNoAxeViolations(page: Page, what: string) {
    assert.deepEqual(await axeViolations(page), [], `axe: ${what}`);
  }

  before(async () => {
    server = await startServerWithWorker('portal', 20);
    browser = await launchBrowser();
    const service = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('services').select('id').orderBy('name').executeTakeFirstOrThrow());
    const created = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      createCase(trx, server.tenantId, {
        serviceId: service.id, title: 'Anmeldung eines Hundes', channel: 'e2e',
        applicant: { kind: 'person', firstName: 'Lena', lastName: 'Brandt', email: APPLICANT },
        formData: [{ name: 'rasse', label: 'Rasse', stringValue: 'Beagle' }],
      }, { kind: 'system', id: null, name: 'Test' }),
    );
    caseId = created.id;
    caseNumber = created.caseNumber;
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    desk = await context.newPage();
    await signInAs(desk, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('caseworker sends a query with a PDF → applicant signs in by link, reads it, replies with a document → caseworker sees the reply', async () => {
    await desk.goto(`/vorgaenge/${caseId}`);
    const panel = desk.getByRole('region', { name: /^Nachrichten/ });
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Neue Nachricht' }).click();
    await panel.getByLabel('Betreff').fill('Rückfrage: Impfnachweis');
    await panel.getByLabel('Nachricht', { exact: true }).fill('Bitte laden Sie den Impfnachweis Ihres Hundes hoch.');
    await panel.getByLabel('Dateien hochladen (optional)').setInputFiles({ name: 'Merkblatt.pdf', mimeType: 'application/pdf', buffer: PDF });
    await panel.getByRole('button', { name: 'Nachricht senden' }).click();
    await panel.getByText('Die Nachricht wurde zur Zustellung übergeben.').waitFor();
    await panel.getByText('Zugestellt', { exact: true }).waitFor({ timeout: 15_000 }).catch(async () => {
      await desk.reload();
      await panel.getByText('Zugestellt', { exact: true }).waitFor();
    });

    const link = await nextLink();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE', timezoneId: 'Europe/Berlin', isMobile: true, hasTouch: true });
    const portal = await phone.newPage();
    await portal.goto(link);
    await portal.getByRole('heading', { level: 1, name: 'Meine Anträge' }).waitFor();
    assert.ok(!portal.url().includes('token'), 'the token leaves the address bar');
    await portal.getByText(caseNumber).waitFor();
    await portal.getByText('1 ungelesene Nachricht').waitFor();
    await expectNoAxeViolations(portal, 'applications (phone)');
    await screenshot(portal, 'portal-applications-phone');

    await portal.getByRole('link', { name: 'Anmeldung eines Hundes' }).click();
    await portal.getByRole('heading', { name: 'Rückfrage: Impfnachweis' }).waitFor();
    await portal.getByRole('link', { name: 'Merkblatt.pdf' }).waitFor();
    await expectNoAxeViolations(portal, 'application detail (phone)');
    await screenshot(portal, 'portal-application-phone');

    await portal.getByLabel('Ihre Nachricht').fill('Anbei der Impfnachweis.');
    await portal.getByLabel(/Dokumente beifügen/).setInputFiles({ name: 'Impfnachweis.pdf', mimeType: 'application/pdf', buffer: PDF });
    await portal.getByRole('button', { name: 'Antwort senden' }).click();
    await portal.getByText('Ihre Antwort wurde übermittelt.').waitFor();
    await portal.getByText('Ihre Antwort').first().waitFor();
    await expectNoAxeViolations(portal, 'after replying (phone)');

    // The inbox marks the case; the case shows the reply, its document, and the query as read.
    await desk.goto('/');
    await desk.locator(`[data-case-number="${caseNumber}"] .unread-reply`).waitFor();
    await desk.goto(`/vorgaenge/${caseId}`);
    const thread = desk.getByRole('region', { name: /^Nachrichten/ });
    await thread.getByText('Anbei der Impfnachweis.').waitFor();
    await thread.getByRole('link', { name: 'Impfnachweis.pdf' }).waitFor();
    await thread.getByText('Gelesen', { exact: true }).waitFor();
    await desk.locator('.timeline').getByText('Antwort eingegangen').first().waitFor();
    await phone.close();
  });

  it('desktop: sign-in page, invalid link page and the application, all without axe violations', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await page.goto(`${server.url}/portal`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden im Bürgerportal' }).waitFor();
    await expectNoAxeViolations(page, 'sign-in');
    await screenshot(page, 'portal-signin-desktop');

    await page.goto(`${server.url}/portal/anmelden#token=unbekannt-unbekannt-unbekannt`);
    await page.getByRole('heading', { level: 1, name: 'Dieser Link funktioniert nicht' }).waitFor();
    await expectNoAxeViolations(page, 'invalid link');
    await screenshot(page, 'portal-invalid-link-desktop');

    await page.getByLabel('E-Mail-Adresse').fill(APPLICANT);
    await page.getByRole('button', { name: 'Anmeldelink anfordern' }).click();
    await page.getByText(/Wenn zu dieser E-Mail-Adresse Anträge vorliegen/).waitFor();
    await expectNoAxeViolations(page, 'link requested');
    const link = await nextLink();
    await page.goto('about:blank');
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Meine Anträge' }).waitFor();
    await screenshot(page, 'portal-applications-desktop');
    await page.getByRole('link', { name: 'Anmeldung eines Hundes' }).click();
    await page.getByRole('heading', { name: 'Rückfrage: Impfnachweis', exact: true }).waitFor();
    await expectNoAxeViolations(page, 'application (desktop)');
    await screenshot(page, 'portal-application-desktop');
    await context.close();
  });
});
