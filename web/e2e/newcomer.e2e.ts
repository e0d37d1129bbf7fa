import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { createPlatformIntakeToken } from '../../server/src/intake/sender-auth.js';
import { axeViolations, launchBrowser, newPage, screenshot, signInAs, startServer, TENANT, type E2EServer } from './harness.js';

/*
 * What a newcomer trips over first: a form server's platform token sent as Bearer, a history that
 * shows codes, a Postfach shown as codes, date fields that follow the browser's language instead of
 * the page's. One application from a company account goes through all of them.
 */

/** The next 24 December that is still ahead (typed as the brief's example, „24.12.2026“, while that is in the future). */
function christmasAhead(): { german: string; iso: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  const year = Number(today.slice(0, 4)) + (today.slice(5) >= '12-24' ? 1 : 0);
  return { german: `24.12.${year}`, iso: `${year}-12-24` };
}

describe('newcomer: intake token, history labels, Postfach in words, date field TT.MM.JJJJ', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let caseId = '';

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // A platform form server sends with its token as Bearer, the way the OpenAPI document lists it.
    const { token } = await createPlatformIntakeToken(server.db, 'Formularserver Land (E2E)');
    const res = await fetch(`${server.url}/api/intake/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        transactionId: `e2e-newcomer-${Date.now()}`,
        serviceKey: '99108008001000', // Hundesteuer Anmeldung, Steueramt (Aylin Demir)
        authority: '01002000',
        title: 'Hundesteuer Anmeldung: Firmenhund „Lotte“',
        applicant: {
          kind: 'organisation', organisationName: 'Förde Logistik GmbH', email: 'info@foerde-logistik.example',
          mailbox: { identifier: 'muk-4711-0815', type: 'unternehmen', accountType: 'OSI', trustLevel: 'STORK-QAA-Level-3' },
        },
        formData: [{ name: 'hund', label: 'Hund', formItems: [{ name: 'rufname', label: 'Rufname', stringValue: 'Lotte' }] }],
      }),
    });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    const receipt = JSON.parse(text) as { caseId: string; tenant: string };
    assert.equal(receipt.tenant, TENANT.slug);
    caseId = receipt.caseId;
    page = await newPage(browser, server.url);
    await signInAs(page, 'sachbearbeitung1');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the Postfach as account type and trust level in words, and German labels for every history event', async () => {
    await page.goto(`/vorgaenge/${caseId}`);
    await page.locator('.timeline__item').first().waitFor();
    const postfach = page.locator('.case-facts .kern-description-list-item', { hasText: 'Postfach' }).locator('dd');
    assert.equal((await postfach.innerText()).trim(), 'Unternehmenskonto, Vertrauensniveau substanziell');

    await page.getByRole('button', { name: 'Annehmen' }).first().click();
    await page.locator('.timeline__title', { hasText: 'Neu → Angenommen' }).waitFor();
    const titles = await page.locator('.timeline__title').allInnerTexts();
    assert.ok(titles.includes('Antrag eingegangen'), titles.join(' | '));
    assert.ok(titles.includes('Eingang protokolliert'), titles.join(' | '));
    assert.deepEqual(titles.filter((title) => /^[a-z_]+\.[a-z_]+$/.test(title.trim()) || title.trim() === 'Ereignis'), [], 'no event codes');
    await page.locator('.timeline__detail', { hasText: 'Eingangsweg: Schnittstelle (API)' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'case page with history');
    await page.locator('#history-heading').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'case-history-labels');
  });

  it('takes a follow-up date typed as TT.MM.JJJJ, explains a wrong one, and stores it as an ISO date', async () => {
    const panel = page.locator('section.followups-panel');
    const field = panel.getByLabel('Fällig am');
    assert.deepEqual(
      [await field.getAttribute('type'), await field.getAttribute('inputmode'), await field.getAttribute('placeholder')],
      ['text', 'numeric', 'TT.MM.JJJJ'],
    );
    // The format hint is tied to the field, whatever language the browser has.
    const hintId = (await field.getAttribute('aria-describedby'))!.split(' ')[0]!;
    assert.match(await page.locator(`[id="${hintId}"]`).innerText(), /TT\.MM\.JJJJ/);

    await field.fill('31.02.2026');
    await panel.getByLabel('Betreff').fill('Steuermarke versenden');
    const error = panel.getByText('Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ, z. B. 24.12.2026).');
    await error.first().waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ');
    assert.equal(describedBy.length, 2, 'hint and error both described');
    assert.match(await page.locator(`[id="${describedBy[1]}"]`).innerText(), /gültiges Datum/);
    assert.deepEqual(await axeViolations(page), [], 'date field with its error');
    await field.scrollIntoViewIfNeeded();
    await screenshot(page, 'date-field-error');

    const { german, iso } = christmasAhead();
    await field.fill(german);
    await panel.getByRole('button', { name: 'Wiedervorlage anlegen' }).click();
    const item = panel.locator('li.follow-up', { hasText: 'Steuermarke versenden' });
    await item.getByText(`fällig am ${german}`).waitFor();
    const stored = await page.evaluate(async (id) => (await (await fetch(`/api/cases/${id}/follow-ups`)).json()) as { items: { subject: string; dueDate: string }[] }, caseId);
    assert.equal(stored.items.find((f) => f.subject === 'Steuermarke versenden')?.dueDate, iso);
    await page.locator('.timeline__title', { hasText: 'Wiedervorlage angelegt' }).waitFor();
  });

  it('the inbox filters take TT.MM.JJJJ too and put the ISO date into the address', async () => {
    await page.goto('/');
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
    const from = page.getByLabel('Eingang von');
    assert.equal(await from.getAttribute('placeholder'), 'TT.MM.JJJJ');
    await from.fill('01.09.2026');
    await page.waitForURL(/receivedFrom=2026-09-01/);
    assert.deepEqual(await axeViolations(page), [], 'inbox with a date filter');
    await screenshot(page, 'inbox-date-filter');
  });
});
