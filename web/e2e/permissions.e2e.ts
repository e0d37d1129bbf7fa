import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiSession, axeViolations, launchBrowser, newPage, rows, signInAs, startServer, type E2EServer } from './harness.js';

/*
 * The web app shows what the server allows (server/src/auth/permissions): a reader, a caseworker and
 * an admin each see exactly the controls of their permissions, on the inbox, in the navigation and
 * on a case. Nothing here is decided from role names in the browser.
 */
type Who = 'lesen' | 'sachbearbeitung1' | 'admin';
interface Expected { admin: boolean; accessLog: boolean; bulk: boolean; note: boolean; followUp: boolean; message: boolean; accept: boolean }

const EXPECTED: Record<Who, Expected> = {
  lesen: { admin: false, accessLog: false, bulk: false, note: false, followUp: false, message: false, accept: false },
  sachbearbeitung1: { admin: false, accessLog: false, bulk: true, note: true, followUp: true, message: true, accept: true },
  admin: { admin: true, accessLog: true, bulk: true, note: true, followUp: true, message: true, accept: true },
};

describe('each person sees only the actions they may take', () => {
  let server: E2EServer;
  let browser: Browser;
  let caseId: string;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // A new case all three can open (the caseworker's units; readers and admins see every unit).
    const worker = await apiSession(server.url, 'sachbearbeitung1');
    caseId = (await worker.call('GET', '/api/cases?status=new&limit=1')).body.items[0].id;
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const visible = async (page: Page, role: 'link' | 'button', name: string) => (await page.getByRole(role, { name, exact: true }).count()) > 0;

  for (const who of Object.keys(EXPECTED) as Who[]) {
    it(`${who}: navigation, inbox and case offer exactly the allowed actions`, async () => {
      const expected = EXPECTED[who];
      const page = await newPage(browser, server.url);
      await signInAs(page, who);
      await rows(page).first().waitFor();
      const nav = page.getByRole('navigation').first();
      assert.equal(await nav.getByRole('link', { name: 'Verwaltung', exact: true }).count() > 0, expected.admin, 'Verwaltung in the navigation');
      assert.equal(await nav.getByRole('link', { name: 'Zugriffsprotokoll', exact: true }).count() > 0, expected.accessLog, 'Zugriffsprotokoll in the navigation');
      assert.equal(await rows(page).first().locator('input[type="checkbox"]').count() > 0, expected.bulk, 'rows selectable for bulk actions');

      await page.goto(`/vorgaenge/${caseId}`);
      await page.getByRole('heading', { level: 2, name: 'Notizen' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Wiedervorlagen' }).waitFor();
      await page.locator('.timeline__item').first().waitFor();
      const notes = page.locator('section.notes-panel');
      const followUps = page.locator('section.followups-panel');
      assert.equal(await notes.getByRole('button', { name: 'Notiz hinzufügen' }).count() > 0, expected.note, 'add a note');
      assert.equal(await followUps.locator('form').count() > 0, expected.followUp, 'add a follow-up');
      assert.equal(await visible(page, 'button', 'Neue Nachricht'), expected.message, 'write to the applicant');
      assert.equal(await visible(page, 'button', 'Annehmen'), expected.accept, 'accept the case');
      assert.deepEqual(await axeViolations(page), [], `case page as ${who}`);
      await page.context().close();
    });
  }
});
