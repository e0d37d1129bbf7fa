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

const APPLICANT = 'jonas.keller@example.org';
const LAWYER = 'berg@kanzlei-berg.example';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('Antragsraum: participants', () => {
  let server: Awaited<ReturnType<typeof startServerWithWorker>>;
  let browser: Browser;
  let desk: Page;
  let caseId: string;
  let caseNumber: string;
  let serviceName: string;

  /** Waits for the sign-in link e-mailed to this address. */
  async function linkFor(address: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const dir = join(server.dataDir, 'mail');
      const links = existsSync(dir)
        ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='))
          .filter((m) => m.includes(address)).flatMap((m) => [...m.matchAll(/(http:\/\/[^\s]+\/portal\/anmelden#token=[A-Za-z0-9_-]+)/g)].map((x) => x[1]!))
        : [];
      if (links[0]) return links[0].replace(/^https?:\/\/[^/]+/, server.url);
      await sleep(200);
    }
    throw new Error(`no sign-in e-mail to ${address}`);
  }

  before(async () => {
    server = await startServerWithWorker('participants', 20);
    browser = await launchBrowser();
    const service = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('services').select(['id', 'name']).orderBy('name').executeTakeFirstOrThrow());
    serviceName = service.name;
    const created = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      createCase(trx, server.tenantId, {
        serviceId: service.id, title: 'Bauvoranfrage Gartenhaus', channel: 'e2e',
        applicant: { kind: 'person', firstName: 'Jonas', lastName: 'Keller', email: APPLICANT },
        formData: [{ name: 'vorhaben', label: 'Vorhaben', stringValue: 'Gartenhaus' }],
      }, { kind: 'system', id: null, name: 'Test' }),
    );
    caseId = created.id;
    caseNumber = created.caseNumber;
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    desk = await context.newPage();
    await signInAs(desk, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the caseworker invites a lawyer, shares one message and asks for a statement; the lawyer answers on a phone', async () => {
    await desk.goto(`/vorgaenge/${caseId}`);
    const messages = desk.getByRole('region', { name: /^Nachrichten/ });
    await messages.waitFor();
    await messages.getByRole('button', { name: 'Neue Nachricht' }).click();
    await messages.getByLabel('Betreff').fill('Anhörung zur Bauvoranfrage');
    await messages.getByLabel('Nachricht', { exact: true }).fill('Bitte äußern Sie sich zur Abstandsfläche.');
    await messages.getByLabel('Dateien hochladen (optional)').setInputFiles({ name: 'Lageplan.pdf', mimeType: 'application/pdf', buffer: PDF });
    await messages.getByRole('button', { name: 'Nachricht senden' }).click();
    await messages.getByText('Die Nachricht wurde zur Zustellung übergeben.').waitFor();

    await desk.reload();
    const panel = desk.getByRole('region', { name: 'Beteiligte (Antragsraum)' });
    await panel.waitFor();
    await panel.getByLabel('Rolle').selectOption('representative');
    await panel.getByLabel('Art der Vertretung').selectOption('lawyer');
    await panel.getByLabel('Name der Person oder Stelle').fill('Dr. Miriam Berg, Rechtsanwältin');
    await panel.getByLabel('E-Mail-Adresse (für den Anmeldelink)').fill(LAWYER);
    await panel.getByRole('button', { name: 'Einladen' }).click();
    const card = panel.getByRole('listitem').filter({ has: desk.getByRole('heading', { name: 'Dr. Miriam Berg, Rechtsanwältin' }) });
    await card.waitFor();
    // The box is ticked once the server has stored the share (a controlled checkbox), so click and wait.
    await card.getByLabel('Anhörung zur Bauvoranfrage').click();
    await desk.waitForFunction(() => [...document.querySelectorAll('.participant-card input[type=checkbox]')].some((c) => (c as HTMLInputElement).checked));
    const due = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    await card.getByLabel('Frist für die Stellungnahme').fill(due);
    await card.getByLabel('Worum geht es? (optional)').fill('Abstandsfläche zum Nachbargrundstück');
    await card.getByRole('button', { name: 'Stellungnahme anfordern' }).click();
    await card.getByText(/Stellungnahme erbeten bis/).waitFor();
    assert.deepEqual(await axeViolations(desk), [], 'axe: participants panel');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(desk, 'participants-desk-panel');

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE', timezoneId: 'Europe/Berlin', isMobile: true, hasTouch: true });
    const portal = await phone.newPage();
    await portal.goto(await linkFor(LAWYER));
    await portal.getByRole('heading', { name: 'Vorgänge, an denen Sie beteiligt sind' }).waitFor();
    assert.deepEqual(await axeViolations(portal), [], 'axe: portal start page of a participant (phone)');
    await portal.getByRole('link', { name: serviceName }).click();
    await portal.getByRole('heading', { name: 'Anhörung zur Bauvoranfrage' }).waitFor();
    await portal.getByRole('link', { name: 'Lageplan.pdf' }).waitFor();
    await portal.getByText(caseNumber).waitFor();
    assert.deepEqual(await axeViolations(portal), [], 'axe: participant view (phone)');
    await screenshot(portal, 'participants-portal-phone');

    await portal.getByLabel('Ihre Nachricht').fill('Die Abstandsfläche ist eingehalten; die Vermessung liegt bei.');
    await portal.getByLabel(/Dokumente beifügen/).setInputFiles({ name: 'Stellungnahme.pdf', mimeType: 'application/pdf', buffer: PDF });
    assert.equal(await portal.getByLabel('Dies ist meine erbetene Stellungnahme').isChecked(), true);
    await portal.getByRole('button', { name: 'Senden' }).click();
    await portal.getByText('Ihr Beitrag wurde übermittelt.').waitFor();
    await portal.getByText('Ihr Beitrag', { exact: false }).first().waitFor();
    assert.deepEqual(await axeViolations(portal), [], 'axe: after the statement (phone)');
    await screenshot(portal, 'participants-portal-phone-sent');
    await phone.close();

    await desk.reload();
    await desk.getByRole('region', { name: 'Beteiligte (Antragsraum)' }).getByText(/Stellungnahme eingegangen am/).waitFor();
    await desk.getByRole('region', { name: /^Nachrichten/ }).getByText('Die Abstandsfläche ist eingehalten; die Vermessung liegt bei.').waitFor();
  });
});
