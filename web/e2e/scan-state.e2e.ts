import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { addAttachment } from '../../server/src/cases/service.js';
import type { ScanStatus } from '../../server/src/scanning/scanner.js';
import { apiSession, axeViolations, launchBrowser, newPage, signInAs, startServer, type E2EServer } from './harness.js';

/** The desk tells a caseworker in German which files are blocked by the malware scan and offers no way to open them. */
describe('malware scan state in the desk', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let caseId: string;

  async function attach(fileName: string, scanStatus: ScanStatus) {
    const stored = await server.blobs.put(Readable.from([Buffer.from(`%PDF-1.4\n% ${fileName}\n%%EOF\n`)]));
    await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      addAttachment(trx, server.tenantId, caseId, { fileName, mimeType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256, scanStatus }, { kind: 'system', id: null, name: 'Test' }),
    );
  }

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const admin = await apiSession(server.url, 'admin');
    caseId = (await admin.call('GET', '/api/cases?status=new&limit=1')).body.items[0].id;
    await attach('Geprüft.pdf', 'clean');
    await attach('Verseucht.pdf', 'infected');
    await attach('In Prüfung.pdf', 'pending');
    page = await newPage(browser, server.url);
    await signInAs(page, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the state next to each file, and blocked files have neither preview nor download', async () => {
    await page.goto(`/vorgaenge/${caseId}`);
    const item = (name: string) => page.locator('.attachment', { hasText: name });
    await item('Verseucht.pdf').waitFor();
    assert.match(await item('Verseucht.pdf').innerText(), /Schadsoftware gefunden – gesperrt/);
    assert.match(await item('In Prüfung.pdf').innerText(), /wird auf Schadsoftware geprüft – bis dahin gesperrt/);
    assert.match(await item('Geprüft.pdf').innerText(), /auf Schadsoftware geprüft/);
    for (const blocked of ['Verseucht.pdf', 'In Prüfung.pdf']) {
      assert.equal(await item(blocked).getByRole('link').count(), 0, `${blocked}: no download link`);
      assert.equal(await item(blocked).getByRole('button').count(), 0, `${blocked}: no preview`);
    }
    assert.equal(await item('Geprüft.pdf').getByRole('link', { name: /Herunterladen/ }).count(), 1);
    assert.deepEqual(await axeViolations(page), []);
  });
});
