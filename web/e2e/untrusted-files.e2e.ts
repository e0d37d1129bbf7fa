// Attack suite of issue #12 in a real Chromium: scripted XHTML, SVG and HTML files come in through
// every upload path (portal reply, staff message, native intake, OZG /antrag, intelliForm SOAP) and
// are then opened every way the desk and the portal offer (download links, message links, the bare
// file URL typed or bookmarked). Their script tries to write a note with the caseworker's session,
// to leave a mark in our origin's storage and to open a dialog. None of it may happen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { withTenant } from '../../server/src/db/database.js';
import { createCase } from '../../server/src/cases/service.js';
import { createApiToken } from '../../server/src/auth/api-tokens.js';
import { depositEnvelope } from '../../server/test/fixtures/intelliform.js';
import { launchBrowser, signInAs } from './harness.js';
import { startServerWithWorker } from './server-with-worker.js';

const APPLICANT = 'mallory@example.org';

/** Runs wherever the file is opened as a document: writes a note as the signed-in caseworker, marks storage, alerts. */
const PAYLOAD = `
localStorage.setItem('pwned', (localStorage.getItem('pwned') || '') + '|' + location.pathname);
var m = location.pathname.match(/\\/api\\/cases\\/([^/]+)\\//);
fetch('/api/auth/me').then(function (r) { return r.json(); }).then(function (me) {
  if (m) return fetch('/api/cases/' + m[1] + '/notes', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify({ body: 'PWNED' }) });
});
alert('pwned');`;

const HOSTILE = [
  { name: 'angriff.xhtml', mimeType: 'application/xhtml+xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Anlage</title></head><body><p>Anlage</p><script><![CDATA[${PAYLOAD}]]></script></body></html>` },
  { name: 'angriff.svg', mimeType: 'image/svg+xml', body: `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script><![CDATA[${PAYLOAD}]]></script></svg>` },
  { name: 'angriff.html', mimeType: 'text/html', body: `<!DOCTYPE html><html><body><p>Anlage</p><script>${PAYLOAD}</script></body></html>` },
];
/** A one-page PDF: a real file from outside that the desk may preview, but only as a blob: URL. */
const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
const files = () => HOSTILE.map((f) => ({ name: f.name, mimeType: f.mimeType, buffer: Buffer.from(f.body) }));

function multipart(parts: Array<{ name: string; filename?: string; contentType?: string; data: string }>) {
  const boundary = `----amtsdesk${Math.random().toString(16).slice(2)}`;
  const body = parts.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n${p.data}\r\n`).join('') + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
const fileParts = (name: string) => HOSTILE.map((f) => ({ name, filename: f.name, contentType: f.mimeType, data: f.body }));


describe('untrusted files never run on our origin', () => {
  let server: Awaited<ReturnType<typeof startServerWithWorker>>;
  let browser: Browser;
  let deskContext: BrowserContext;
  let desk: Page;
  let messageCaseId: string;
  const intakeCases: string[] = [];
  const dialogs: string[] = [];

  /** Every page of a context, including tabs the files might open, reports its dialogs. */
  function watch(context: BrowserContext) {
    const hook = (page: Page) => page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    context.pages().forEach(hook);
    context.on('page', hook);
  }

  async function nextPortalLink(): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const dir = join(server.dataDir, 'mail');
      const links = existsSync(dir)
        ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8').replace(/=\r?\n/g, '').replace(/=3D/g, '='))
          .filter((m) => m.includes(APPLICANT)).flatMap((m) => [...m.matchAll(/(http:\/\/[^\s]+\/portal\/anmelden#token=[A-Za-z0-9_-]+)/g)].map((x) => x[1]!))
        : [];
      if (links.length) return links.at(-1)!.replace(/^https?:\/\/[^/]+/, server.url);
      await sleep(200);
    }
    throw new Error('no sign-in e-mail arrived');
  }

  /** Clicking a link to a file from outside may only ever download it. */
  async function clickDownloads(page: Page, link: ReturnType<Page['getByRole']>) {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), link.click()]);
    await download.failure();
  }

  /** The bare file URL (typed, bookmarked, an old "?download=0" link): still only a download. */
  async function openUrl(context: BrowserContext, url: string) {
    const tab = await context.newPage();
    const download = tab.waitForEvent('download', { timeout: 10_000 }).catch(() => null);
    await tab.goto(url).catch(() => undefined); // "Download is starting" aborts the navigation
    assert.ok(await download, `${url} is a download, not a page`);
    await sleep(300);
    await tab.close();
  }

  async function assertNothingRan(page: Page, what: string) {
    await sleep(800); // the payload's fetches are asynchronous; give them time to land
    const notes = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('notes').select('body').where('body', '=', 'PWNED').execute());
    assert.deepEqual(notes, [], `${what}: no note was written in the caseworker's name`);
    assert.equal(await page.evaluate(() => localStorage.getItem('pwned')), null, `${what}: no script ran on our origin`);
    assert.deepEqual(dialogs, [], `${what}: no dialog opened`);
  }

  before(async () => {
    server = await startServerWithWorker('untrusted', 5);
    browser = await launchBrowser();
    const services = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('services').select(['id', 'leika_key']).execute());
    const created = await withTenant(server.db, { tenantId: server.tenantId }, (trx) =>
      createCase(trx, server.tenantId, {
        serviceId: services[0]!.id, title: 'Anmeldung eines Hundes', channel: 'e2e',
        applicant: { kind: 'person', firstName: 'Mallory', lastName: 'Angreifer', email: APPLICANT },
        formData: [{ name: 'rasse', label: 'Rasse', stringValue: 'Beagle' }],
      }, { kind: 'system', id: null, name: 'Test' }),
    );
    messageCaseId = created.id;

    // The form-system channels, with the tenant's own intake token.
    const { token } = await createApiToken(server.db, server.tenantId, { name: 'Formularserver', scopes: ['intake:submit'], createdBy: null });
    const auth = { authorization: `Bearer ${token}` };
    const native = multipart([
      { name: 'application', contentType: 'application/json', data: JSON.stringify({ transactionId: 'e2e-native-1', serviceId: services[0]!.id, applicant: { kind: 'person', firstName: 'Mallory', lastName: 'Angreifer' }, formData: [] }) },
      ...fileParts('attachment'),
      { name: 'attachment', filename: 'Nachweis.pdf', contentType: 'application/pdf', data: PDF },
    ]);
    const ozg = multipart([
      { name: 'formData', contentType: 'application/json', data: JSON.stringify({ control: { transactionId: 'e2e-ozg-1', zustaendigeStelle: '01002000', leikaIds: [services[0]!.leika_key], formId: 'x', name: 'Antrag' }, formData: [{ name: 'vorname', label: 'Vorname', stringValue: 'Mallory' }] }) },
      ...fileParts('attachment'),
    ]);
    for (const [url, body] of [['/api/intake/applications', native], ['/antrag', ozg]] as const) {
      const res = await fetch(`${server.url}${url}`, { method: 'POST', headers: { ...auth, 'content-type': body.contentType }, body: body.body });
      const text = await res.text();
      assert.ok(res.ok, `${url}: ${res.status} ${text}`);
      const answer = JSON.parse(text) as { caseId?: string; vorgangId?: string };
      intakeCases.push((answer.caseId ?? answer.vorgangId)!);
    }
    const soap = depositEnvelope({
      id: 'e2e-intelliform-1', token,
      customParameters: { leikaId: services[0]!.leika_key!, zustaendigeStelle: '01002000' },
      extraAttachments: HOSTILE.map((f, i) => ({ id: `a${i}`, name: f.name, contentType: f.mimeType, content: Buffer.from(f.body) })),
    });
    const deposited = await fetch(`${server.url}/api/intake/intelliform`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, body: soap });
    const answer = await deposited.text();
    assert.equal(deposited.status, 200, answer);
    const caseIds = await withTenant(server.db, { tenantId: server.tenantId }, (trx) => trx.selectFrom('cases').select('id').where('transaction_id', '=', 'e2e-intelliform-1').execute());
    intakeCases.push(caseIds[0]!.id);

    deskContext = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    watch(deskContext);
    desk = await deskContext.newPage();
    await signInAs(desk, 'poststelle');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('files from every intake channel, opened from the desk, only download and run nothing', async () => {
    for (const caseId of intakeCases) {
      await desk.goto(`/vorgaenge/${caseId}`);
      const section = desk.getByRole('region', { name: /^Anlagen/ });
      for (const file of HOSTILE) {
        const row = section.locator('.attachment', { hasText: file.name });
        await clickDownloads(desk, row.getByRole('link', { name: /Herunterladen/ }));
        assert.equal(await row.getByRole('button', { name: 'Vorschau' }).count(), 0, `${file.name}: no preview for markup`);
        const href = (await row.getByRole('link', { name: /Herunterladen/ }).getAttribute('href'))!;
        await openUrl(deskContext, href);
        await openUrl(deskContext, `${href}?download=0`);
      }
      await assertNothingRan(desk, `intake case ${caseId}`);
    }
  });

  it('a PDF from outside is previewed only from a blob: URL typed by us, in the browser\'s PDF viewer', async () => {
    await desk.goto(`/vorgaenge/${intakeCases[0]}`);
    const row = desk.getByRole('region', { name: /^Anlagen/ }).locator('.attachment', { hasText: 'Nachweis.pdf' });
    await row.getByRole('button', { name: 'Vorschau' }).click();
    const frame = row.locator('iframe[title="Vorschau: Nachweis.pdf"]');
    await frame.waitFor();
    assert.match((await frame.getAttribute('src'))!, /^blob:http:\/\/127\.0\.0\.1:\d+\//);
    const content = (await (await frame.elementHandle())!.contentFrame())!;
    for (let i = 0; i < 50 && !content.childFrames().some((f) => f.url().startsWith('chrome-extension://')); i++) await sleep(100);
    assert.ok(content.childFrames().some((f) => f.url().startsWith('chrome-extension://')), 'the PDF viewer shows the file');
    await assertNothingRan(desk, 'PDF preview');
  });

  it('under the strict headers the desk and the API documentation still work: no CSP violation', async () => {
    const violations: string[] = [];
    const docs = await deskContext.newPage();
    docs.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    desk.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()); });
    await docs.goto('/api/docs');
    await docs.locator('.swagger-ui .info .title', { hasText: 'Amtsdesk API' }).waitFor();
    await docs.locator('.opblock-tag', { hasText: 'Vorgänge' }).first().waitFor();
    await desk.goto(`/vorgaenge/${intakeCases[0]}`);
    await desk.getByRole('region', { name: /^Anlagen/ }).waitFor();
    assert.deepEqual(violations, []);
    await docs.close();
  });

  it('a staff message and a portal reply carry the files; opened from the portal and from the desk thread they only download', async () => {
    await desk.goto(`/vorgaenge/${messageCaseId}`);
    const panel = desk.getByRole('region', { name: /^Nachrichten/ });
    await panel.getByRole('button', { name: 'Neue Nachricht' }).click();
    await panel.getByLabel('Betreff').fill('Rückfrage');
    await panel.getByLabel('Nachricht', { exact: true }).fill('Bitte prüfen Sie die Anlagen.');
    await panel.getByLabel('Dateien hochladen (optional)').setInputFiles(files());
    await panel.getByRole('button', { name: 'Nachricht senden' }).click();
    await panel.getByText('Die Nachricht wurde zur Zustellung übergeben.').waitFor();

    const portalContext = await browser.newContext({ baseURL: server.url, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    watch(portalContext);
    const portal = await portalContext.newPage();
    await portal.goto(await nextPortalLink());
    await portal.getByRole('heading', { level: 1, name: 'Meine Anträge' }).waitFor();
    await portal.getByRole('link', { name: 'Anmeldung eines Hundes' }).click();
    await portal.getByRole('heading', { name: 'Rückfrage' }).waitFor();
    for (const file of HOSTILE) {
      const link = portal.getByRole('link', { name: file.name });
      await clickDownloads(portal, link);
      await openUrl(portalContext, new URL((await link.getAttribute('href'))!, server.url).href);
    }
    await assertNothingRan(portal, 'portal');

    // Markup posing as a PDF is refused at the door, in German, and nothing is sent.
    await portal.getByLabel('Ihre Nachricht').fill('Anbei.');
    await portal.getByLabel(/Dokumente beifügen/).setInputFiles({ name: 'Nachweis.pdf', mimeType: 'application/pdf', buffer: Buffer.from(HOSTILE[0]!.body) });
    await portal.getByRole('button', { name: 'Antwort senden' }).click();
    await portal.getByText(/„Nachweis\.pdf“ ist als application\/pdf angegeben, enthält aber XHTML/).waitFor();

    await portal.getByLabel(/Dokumente beifügen/).setInputFiles(files());
    await portal.getByRole('button', { name: 'Antwort senden' }).click();
    await portal.getByText('Ihre Antwort wurde übermittelt.').waitFor();
    await portalContext.close();

    await desk.goto(`/vorgaenge/${messageCaseId}`);
    const thread = desk.getByRole('region', { name: /^Nachrichten/ });
    await thread.getByText('Anbei.').waitFor();
    for (const file of HOSTILE) {
      const links = thread.getByRole('link', { name: file.name });
      assert.equal(await links.count(), 2, `${file.name}: in the message and in the reply`);
      for (const link of await links.all()) {
        await clickDownloads(desk, link);
        await openUrl(deskContext, (await link.getAttribute('href'))!);
      }
    }
    await assertNothingRan(desk, 'desk thread');
  });
});
