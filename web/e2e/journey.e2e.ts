// The whole way of one application (issue 6, first "Done when"): intake API → caseworker accepts, starts and
// asks a question with a PDF → the applicant signs into the portal by the e-mailed link, reads and replies with
// a document → the caseworker sees the reply → decision from a template → PDF → sent → the applicant sees the
// decision and its status → the case is closed. Real server with its outbox worker, real Chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiSession, axeViolations, launchBrowser, signInAs } from './harness.js';
import { application, PDF, reloadUntilVisible, signInLinks, startServerWithWorker, TITLE, type JourneyServer } from './journey-support.js';

const QUERY_SUBJECT = 'Rückfrage: Nachweis der Haftpflichtversicherung';
const REPLY_TEXT = 'Guten Tag, anbei der Versicherungsschein für Bruno. Mit freundlichen Grüßen, Jonas Feddersen';

describe('the journey of one application (intake → query → reply → decision → closed)', () => {
  let server: JourneyServer;
  let browser: Browser;
  let desk: Page;
  let phone: BrowserContext;
  let portal: Page;
  let caseId: string;
  let caseNumber: string;

  let nextLink: () => Promise<string>;

  async function expectAccessible(page: Page, what: string) {
    assert.deepEqual(await axeViolations(page), [], `axe: ${what}`);
  }

  const header = () => desk.locator('.case-header');
  async function deskStatusIs(label: string) {
    await header().getByRole('definition').filter({ hasText: new RegExp(`^${label}$`) }).waitFor();
  }
  async function openFromInbox() {
    await desk.getByRole('searchbox', { name: 'Suche' }).fill(caseNumber);
    await desk.waitForURL((u) => u.searchParams.get('q') === caseNumber);
    await desk.getByText('1 Vorgang angezeigt').waitFor();
    return desk.locator(`[data-case-number="${caseNumber}"]`);
  }
  async function act(name: string) {
    await desk.locator('.case-actions').getByRole('button', { name, exact: true }).click();
    await desk.getByText(`Erledigt: ${name}.`).waitFor();
  }

  /** The steps build on each other: after a failure the later ones are skipped instead of timing out. */
  let broken: string | undefined;
  function step(name: string, fn: () => Promise<void>) {
    it(name, async (t) => {
      if (broken) return t.skip(`earlier step failed: ${broken}`);
      try {
        await fn();
      } catch (error) {
        broken = name;
        throw error;
      }
    });
  }

  before(async () => {
    server = await startServerWithWorker();
    nextLink = signInLinks(server);
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    desk = await context.newPage();
    phone = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 }, locale: 'de-DE', timezoneId: 'Europe/Berlin', isMobile: true, hasTouch: true });
    portal = await phone.newPage();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  step('1. the application arrives through the intake API', async () => {
    const admin = await apiSession(server.url, 'admin');
    const token = await admin.call('POST', '/api/admin/api-tokens', { name: 'Formularserver Musterstadt', scopes: ['intake:submit'] });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    const res = await fetch(`${server.url}/api/intake/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(application()),
    });
    const receipt = (await res.json()) as { status: string; caseId: string; caseNumber: string; caseStatus: string };
    assert.equal(res.status, 201, JSON.stringify(receipt));
    assert.equal(receipt.status, 'created');
    assert.equal(receipt.caseStatus, 'new');
    caseId = receipt.caseId;
    caseNumber = receipt.caseNumber;
  });

  step('2. an admin creates the approval template for the service (the demo has none)', async () => {
    const admin = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const page = await admin.newPage();
    await signInAs(page, 'admin');
    await page.goto('/verwaltung');
    await page.getByRole('navigation', { name: 'Bereiche der Verwaltung' }).getByRole('link', { name: 'Bescheide' }).click();
    await page.getByRole('heading', { level: 2, name: 'Bescheidvorlagen' }).waitFor();
    await page.getByRole('button', { name: 'Neue Vorlage' }).click();
    const form = page.getByRole('form', { name: 'Neue Vorlage' });
    await form.getByLabel('Name').fill('Hundesteuer – Bewilligung');
    await form.getByLabel('Leistung').selectOption({ label: 'Hundesteuer Anmeldung' });
    await form.getByLabel('Text mit Platzhaltern').fill(
      'Sehr geehrte(r) {{antragsteller.name}},\n\nIhr Antrag „{{leistung.name}}“ (Vorgangsnummer {{vorgang.nummer}}) vom {{vorgang.eingang}} '
      + 'für den Hund „{{formular.hund.name}}“ ({{formular.hund.rasse}}) wird bewilligt.\n\nDie Steuerpflicht beginnt am {{formular.haltungsbeginn}}.\n\n{{kommune.name}}, {{heute}}',
    );
    await form.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('cell', { name: 'Hundesteuer – Bewilligung', exact: true }).waitFor();
    await admin.close();
  });

  step('3. a caseworker finds the new case in the inbox, takes it over, accepts it and starts processing', async () => {
    await signInAs(desk, 'sachbearbeitung1');
    const row = await openFromInbox();
    await row.getByText('Feddersen, Jonas').or(row.getByText('Jonas Feddersen')).waitFor();
    await row.getByText('Neu', { exact: true }).waitFor();
    await row.getByText(caseNumber).click();
    await desk.waitForURL((u) => u.pathname === `/vorgaenge/${caseId}`);
    await desk.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await deskStatusIs('Neu');
    // The form tree arrived labelled and nested.
    await desk.getByText('Angaben zum Hund').waitFor();
    await desk.getByText('276098106543210').waitFor();

    await desk.locator('.case-actions').getByRole('button', { name: 'Übernehmen' }).click();
    await header().getByText('Aylin Demir').waitFor();
    await act('Annehmen');
    await deskStatusIs('Angenommen');
    await act('Bearbeitung beginnen');
    await deskStatusIs('In Bearbeitung');
  });

  step('4. the caseworker sends a query with a PDF; it is delivered to the portal', async () => {
    const panel = desk.getByRole('region', { name: /^Nachrichten/ });
    await panel.getByRole('button', { name: 'Neue Nachricht' }).click();
    await panel.getByLabel('Betreff').fill(QUERY_SUBJECT);
    await panel.getByLabel('Nachricht', { exact: true }).fill('Bitte laden Sie den Nachweis der Hundehaftpflichtversicherung für Bruno hoch. Das Merkblatt liegt bei.');
    await panel.getByLabel('Dateien hochladen (optional)').setInputFiles({ name: 'Merkblatt-Hundehaltung.pdf', mimeType: 'application/pdf', buffer: PDF('Merkblatt') });
    await panel.getByRole('button', { name: 'Nachricht senden' }).click();
    await panel.getByText('Die Nachricht wurde zur Zustellung übergeben.').waitFor();
    await panel.getByRole('heading', { name: QUERY_SUBJECT }).waitFor();
    await panel.getByRole('link', { name: 'Merkblatt-Hundehaltung.pdf' }).waitFor();
    await reloadUntilVisible(desk, desk.getByRole('region', { name: /^Nachrichten/ }).getByText('Zugestellt', { exact: true }), 'query delivered');
    await desk.locator('.timeline').getByText('Nachricht gesendet').first().waitFor();
  });

  step('5. the applicant signs in by the e-mailed link, reads the query and replies with a document', async () => {
    await portal.goto(await nextLink());
    await portal.getByRole('heading', { level: 1, name: 'Meine Anträge' }).waitFor();
    assert.ok(!portal.url().includes('token'), 'the one-time token leaves the address bar');
    const card = portal.locator('.portal-card').filter({ hasText: caseNumber });
    await card.getByText('In Bearbeitung', { exact: true }).waitFor();
    await card.getByText('1 ungelesene Nachricht').waitFor();
    await expectAccessible(portal, 'my applications');

    await card.getByRole('link', { name: TITLE }).click();
    await portal.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await portal.getByRole('heading', { name: QUERY_SUBJECT }).waitFor();
    await portal.getByText('Bitte laden Sie den Nachweis der Hundehaftpflichtversicherung').waitFor();
    const leaflet = portal.getByRole('link', { name: 'Merkblatt-Hundehaltung.pdf' });
    const leafletFile = await portal.request.get((await leaflet.getAttribute('href'))!);
    assert.equal(leafletFile.status(), 200);
    assert.equal((await leafletFile.body()).subarray(0, 5).toString('latin1'), '%PDF-');
    await expectAccessible(portal, 'application with the query');

    await portal.getByLabel('Ihre Nachricht').fill(REPLY_TEXT);
    await portal.getByLabel(/Dokumente beifügen/).setInputFiles({ name: 'Versicherungsschein-Bruno.pdf', mimeType: 'application/pdf', buffer: PDF('Versicherungsschein') });
    await portal.getByRole('button', { name: 'Antwort senden' }).click();
    await portal.getByText('Ihre Antwort wurde übermittelt.').waitFor();
    await portal.locator('.portal-message--own').getByText(REPLY_TEXT).waitFor();
    await portal.locator('.portal-message--own').getByRole('link', { name: 'Versicherungsschein-Bruno.pdf' }).waitFor();
    await expectAccessible(portal, 'after replying');
  });

  step('6. the caseworker sees the reply: inbox badge, messages panel, timeline, the document as attachment', async () => {
    await desk.goto('/');
    const row = await openFromInbox();
    await row.locator('.unread-reply', { hasText: 'Antwort eingegangen' }).waitFor();
    await row.getByText(caseNumber).click();
    await desk.waitForURL((u) => u.pathname === `/vorgaenge/${caseId}`);
    const panel = desk.getByRole('region', { name: /^Nachrichten/ });
    await panel.getByText('Antwort eingegangen').first().waitFor();
    await panel.getByText(REPLY_TEXT).waitFor();
    await panel.getByRole('link', { name: 'Versicherungsschein-Bruno.pdf' }).waitFor();
    await panel.getByText('Gelesen', { exact: true }).waitFor();
    await desk.locator('.timeline').getByText('Antwort eingegangen').first().waitFor();
    await desk.getByRole('region', { name: 'Anlagen' }).getByText('Versicherungsschein-Bruno.pdf').first().waitFor();
  });

  step('7. the caseworker drafts the decision from the template, previews the PDF and sends it: „Beschieden“', async () => {
    const panel = desk.getByRole('region', { name: 'Bescheid' });
    await panel.getByLabel('Vorlage').selectOption({ label: 'Hundesteuer – Bewilligung (Bewilligung)' });
    await panel.getByRole('button', { name: 'Entwurf erstellen' }).click();
    const text = panel.getByLabel('Text des Bescheids');
    await text.waitFor();
    const drafted = await text.inputValue();
    assert.ok(drafted.includes(`Vorgangsnummer ${caseNumber}`), drafted);
    assert.ok(drafted.includes('für den Hund „Bruno“ (Beagle) wird bewilligt'), drafted);
    assert.ok(drafted.includes('Die Steuerpflicht beginnt am 01.05.2024.'), drafted);
    assert.ok(drafted.startsWith('Sehr geehrte(r) Jonas Feddersen,'), `the salutation names the applicant as a letter does: ${drafted}`);

    await panel.getByRole('button', { name: 'Vorschau (PDF)' }).click();
    const frame = panel.locator('iframe[title="Vorschau des Bescheids"]');
    await frame.waitFor();
    const preview = await desk.request.get((await frame.getAttribute('src'))!);
    assert.equal(preview.headers()['content-type'], 'application/pdf');
    assert.equal((await preview.body()).subarray(0, 5).toString('latin1'), '%PDF-');

    await panel.getByRole('button', { name: 'Bescheid versenden' }).click();
    const dialog = desk.getByRole('dialog', { name: 'Bescheid versenden' });
    await dialog.getByRole('button', { name: 'Bescheid versenden' }).click();
    await desk.getByText('Der Bescheid wurde versandt.', { exact: false }).waitFor();
    await deskStatusIs('Beschieden');
    await panel.getByText('Versandt', { exact: true }).waitFor();
    await desk.locator('.timeline').getByText('Bescheid versandt').first().waitFor();
  });

  step('8. the applicant sees the decision and the status; the decision PDF downloads', async () => {
    await portal.getByRole('link', { name: 'Zurück zu meinen Anträgen' }).click();
    await portal.getByRole('heading', { level: 1, name: 'Meine Anträge' }).waitFor();
    const card = portal.locator('.portal-card').filter({ hasText: caseNumber });
    // The decision travels through the outbox; the portal shows it once delivered.
    await reloadUntilVisible(portal, card.getByText('1 ungelesene Nachricht'), 'decision delivered to the portal');
    await card.getByText('Entschieden', { exact: true }).waitFor();
    await expectAccessible(portal, 'my applications, decided');

    await card.getByRole('link', { name: TITLE }).click();
    const decision = portal.locator('.portal-message--decision');
    await decision.waitFor();
    await decision.getByText('Bescheid', { exact: false }).first().waitFor();
    await portal.locator('.portal-facts').getByText('Entschieden', { exact: true }).waitFor();
    const link = decision.getByRole('link', { name: /\.pdf$/ });
    const file = await portal.request.get((await link.getAttribute('href'))!);
    assert.equal(file.status(), 200);
    assert.equal(file.headers()['content-type'], 'application/pdf');
    assert.equal((await file.body()).subarray(0, 5).toString('latin1'), '%PDF-', 'the decision is a PDF');
    await expectAccessible(portal, 'application with the decision');
  });

  step('9. the caseworker closes the case: „Abgeschlossen“ on the desk and in the portal', async () => {
    await reloadUntilVisible(desk, desk.getByRole('region', { name: /^Nachrichten/ }).getByText('Gelesen', { exact: true }).nth(1), 'decision read by the applicant');
    await act('Abschließen');
    await deskStatusIs('Abgeschlossen');
    await desk.locator('.timeline').getByText('Abgeschlossen').first().waitFor();

    await portal.reload();
    await portal.locator('.portal-facts').getByText('Abgeschlossen', { exact: true }).waitFor();
    await portal.locator('.portal-message--decision').waitFor();
    await expectAccessible(portal, 'application, closed');
    await phone.close();
  });
});
