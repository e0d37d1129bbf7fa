// Attack suite of issue #12, item 1: files from outside never become active content on our origin.
// Every upload path refuses markup that poses as a PDF or picture; every download route serves
// files only as sandboxed, never-sniffed downloads of an inert type; only our own decision PDF is inline.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createTenant } from '../../test/factories.js';
import { intakeWorld, multipart as intakeMultipart, ozgDocument, storedCounts } from '../../test/intake-kit.js';
import { depositEnvelope } from '../../test/fixtures/intelliform.js';
import { applicantCase, drainOutbox, loginTokens, mailsTo, multipart, portalHeaders } from '../../test/mailbox-kit.js';
import { caseInProgress, createTemplate, decisionWorld, draft, setRequiresRelease } from '../../test/decision-kit.js';

/** What an attacker uploads: markup whose script would act with the viewer's session. */
export const HOSTILE = {
  xhtml: `<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body><script>fetch('/api/auth/me')</script></body></html>`,
  svg: `<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('/api/auth/me')"><script>alert(1)</script></svg>`,
  html: `<!DOCTYPE html><html><body><script>fetch('/api/auth/me')</script></body></html>`,
};

const UNTRUSTED_HEADERS = (headers: Record<string, unknown>, type = 'application/octet-stream') => {
  assert.equal(headers['content-type'], type);
  assert.match(String(headers['content-disposition']), /^attachment; filename=/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.match(String(headers['content-security-policy']), /^sandbox; default-src 'none'/);
  assert.match(String(headers['cache-control']), /no-store/);
};

describeEachDatabase('untrusted files: uploads and downloads', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  const counts = async () => ({
    ...(await storedCounts(t)),
    messages: Number((await t.adminQuery<{ n: number }>('select count(*)::int as n from messages'))[0]!.n),
  });

  const refused = (res: { statusCode: number; json(): Record<string, unknown>; body: string }, fileName: string, what: RegExp) => {
    assert.equal(res.statusCode, 415, res.body);
    const problem = res.json();
    assert.equal(problem.code, 'file_type_mismatch');
    assert.equal(problem.field, 'attachment');
    assert.match(String(problem.detail), new RegExp(`„${fileName.replace('.', '\\.')}“ ist (als .* angegeben|mit der Endung .* benannt), enthält aber ${what.source}`));
  };

  it('native multipart intake refuses XHTML declared as PDF (415, German, nothing stored)', async () => {
    const w = await intakeWorld(t, { ags: '01002101' });
    const before = await counts();
    const body = intakeMultipart([
      { name: 'application', contentType: 'application/json', data: JSON.stringify({ transactionId: 'x-1', serviceKey: '99050012104000', applicant: { kind: 'person', firstName: 'A', lastName: 'B' }, formData: [] }) },
      { name: 'attachment', filename: 'Nachweis.pdf', contentType: 'application/pdf', data: HOSTILE.xhtml },
    ]);
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: { ...w.headers, ...body.headers }, payload: body.payload });
    refused(res, 'Nachweis.pdf', /XHTML/);
    assert.deepEqual(await counts(), before);
  });

  it('OZG /antrag refuses SVG named as a PNG and HTML sent as the representation PDF', async () => {
    const w = await intakeWorld(t, { ags: '01002102' });
    const before = await counts();
    for (const [part, fileName, contentType, data, what] of [
      ['attachment', 'Foto.png', 'application/octet-stream', HOSTILE.svg, /SVG-Code/],
      ['representation', 'Antrag.pdf', 'application/pdf', HOSTILE.html, /HTML/],
    ] as const) {
      const body = intakeMultipart([{ name: 'formData', contentType: 'application/json', data: JSON.stringify(ozgDocument()) }, { name: part, filename: fileName, contentType, data }]);
      const res = await h.app.inject({ method: 'POST', url: '/antrag', headers: { ...w.headers, ...body.headers }, payload: body.payload });
      refused(res, fileName, what);
    }
    assert.deepEqual(await counts(), before);
  });

  it('intelliForm SOAP deposit answers XHTML declared as image/png with a fault and stores nothing', async () => {
    const w = await intakeWorld(t, { ags: '09162000', leikaKey: '99104005000000' });
    const before = await counts();
    const xml = depositEnvelope({
      token: w.headers.authorization!.slice('Bearer '.length),
      extraAttachments: [{ id: 'Foto-1', name: 'Foto Baum.png', contentType: 'image/png', content: Buffer.from(HOSTILE.xhtml) }],
    });
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, payload: xml });
    assert.equal(res.statusCode, 415, res.body);
    assert.match(String(res.headers['content-type']), /text\/xml/);
    assert.match(res.body, /Fault>/);
    assert.match(res.body, /„Foto Baum\.png“ ist als image\/png angegeben, enthält aber XHTML/);
    assert.deepEqual(await counts(), before);
  });

  it('staff messages and portal replies refuse markup posing as PDF or JPEG; honest markup is kept and only ever downloaded', async () => {
    const tenant = await createTenant(t.db);
    const email = `anna-${Math.random().toString(36).slice(2)}@example.org`;
    const kase = await applicantCase(t.db, tenant, email);
    let before = await counts();
    const fake = multipart([{ name: 'subject', value: 'Rückfrage' }, { name: 'body', value: 'Bitte prüfen.' }, { name: 'attachment', value: HOSTILE.html, fileName: 'Hinweise.pdf', contentType: 'application/pdf' }]);
    refused(await h.app.inject({ method: 'POST', url: `/api/cases/${kase.caseId}/messages`, headers: { ...kase.headers, ...fake.headers }, payload: fake.payload }), 'Hinweise.pdf', /HTML/);
    assert.deepEqual(await counts(), before);

    // An HTML file that says what it is may be sent (a form export, say), but nobody's browser renders it.
    const honest = multipart([{ name: 'subject', value: 'Rückfrage' }, { name: 'body', value: 'Bitte prüfen.' }, { name: 'attachment', value: HOSTILE.html, fileName: 'formular.html', contentType: 'text/html' }]);
    const sent = await h.app.inject({ method: 'POST', url: `/api/cases/${kase.caseId}/messages`, headers: { ...kase.headers, ...honest.headers }, payload: honest.payload });
    assert.equal(sent.statusCode, 201, sent.body);
    const detail = (await h.app.inject({ method: 'GET', url: `/api/cases/${kase.caseId}`, headers: kase.headers })).json();
    const stored = detail.attachments.find((a: { fileName: string }) => a.fileName === 'formular.html');
    assert.equal(stored.mimeType, 'text/html');
    assert.equal(stored.declaredMimeType, 'text/html');
    for (const url of [`/api/cases/${kase.caseId}/attachments/${stored.id}/content`, `/api/cases/${kase.caseId}/attachments/${stored.id}/content?download=0`]) {
      UNTRUSTED_HEADERS((await h.app.inject({ method: 'GET', url, headers: kase.headers })).headers);
    }

    await drainOutbox(t.db, h.config);
    const portal = await portalHeaders(h.app, loginTokens(mailsTo(h.config, email)).at(-1)!);
    const app = (await h.app.inject({ method: 'GET', url: `/api/portal/applications/${kase.caseId}`, headers: portal })).json();
    const file = app.messages[0].attachments[0];
    const download = await h.app.inject({ method: 'GET', url: `/api/portal/applications/${kase.caseId}/attachments/${file.id}/content`, headers: portal });
    assert.equal(download.statusCode, 200);
    assert.equal(download.body, HOSTILE.html);
    UNTRUSTED_HEADERS(download.headers);

    before = await counts();
    for (const [fileName, contentType, data, what] of [['Foto.jpg', 'image/jpeg', HOSTILE.svg, /SVG-Code/], ['Nachweis.pdf', 'application/pdf', HOSTILE.xhtml, /XHTML/]] as const) {
      const reply = multipart([{ name: 'body', value: 'Anbei.' }, { name: 'attachment', value: data, fileName, contentType }]);
      refused(await h.app.inject({ method: 'POST', url: `/api/portal/applications/${kase.caseId}/replies`, headers: { ...portal, ...reply.headers }, payload: reply.payload }), fileName, what);
    }
    assert.deepEqual(await counts(), before);
  });
});

describeEachDatabase('untrusted files: decisions', (t) => {
  let w: Awaited<ReturnType<typeof decisionWorld>>;
  before(async () => {
    w = await decisionWorld(t);
    await setRequiresRelease(w, false);
  });
  after(async () => w.test.close());

  it('an uploaded decision that is really HTML is refused as a mismatch; our own rendered PDF is the one inline preview', async () => {
    const kase = await caseInProgress(t, w);
    const fake = multipart([{ name: 'kind', value: 'approval' }, { name: 'file', value: HOSTILE.html, fileName: 'bescheid.pdf', contentType: 'application/pdf' }]);
    const res = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: { ...w.headers.author, ...fake.headers }, payload: fake.payload });
    assert.equal(res.statusCode, 415, res.body);
    assert.equal(res.json().code, 'file_type_mismatch');
    assert.equal(Number((await t.adminQuery<{ n: number }>('select count(*)::int as n from decisions where case_id = $1', [kase.id]))[0]!.n), 0);

    const template = await createTemplate(w);
    const drafted = await draft(w, kase.id, template.id);
    assert.equal(drafted.statusCode, 201, drafted.body);
    const preview = await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/decisions/${drafted.json().id}/preview`, headers: w.headers.author });
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.headers['content-type'], 'application/pdf');
    assert.match(String(preview.headers['content-disposition']), /^inline; /);
    assert.equal(preview.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(String(preview.headers['content-security-policy']), /frame-ancestors 'self'/);
    assert.equal(preview.headers['x-content-type-options'], 'nosniff');
  });
});
