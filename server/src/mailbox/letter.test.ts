import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase } from '../../test/db.js';
import { sessionHeaders } from '../../test/app.js';
import { createCase, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { caseInProgress, createTemplate, decisionWorld, draft, run, type DecisionWorld } from '../../test/decision-kit.js';
import { createLoginLink, NOTICE_LINK_TTL_MS } from '../portal/accounts.js';
import { sendMessage } from './service.js';
import { portalHeaders } from '../../test/mailbox-kit.js';

const ADDRESS = { street: 'Lindenweg', houseNumber: '7', postalCode: '24103', city: 'Kiel' };
const berlinDay = (offsetDays = 0) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() + offsetDays * 86_400_000));
/** Millimetres from points (pdftotext -bbox reports points). */
const toMm = (pt: number) => (pt * 25.4) / 72;

describeEachDatabase('printed letter', (t) => {
  let w: DecisionWorld;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'amtsdesk-letter-'));
    w = await decisionWorld(t);
    const letterhead = await w.app.inject({
      method: 'PUT', url: '/api/admin/letterhead', headers: w.headers.admin,
      payload: { name: 'Stadt Musterhausen', addressLines: ['Rathausplatz 1', '12345 Musterhausen'], contact: 'Telefon 0123 456-0' },
    });
    assert.equal(letterhead.statusCode, 200, letterhead.body);
  });
  after(async () => {
    await w?.test.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const inject = (method: 'GET' | 'POST', url: string, payload?: object, headers = w.headers.author) =>
    w.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const paperCase = () => createCase(t.db, {
    tenant: w.tenant, serviceId: w.service.id, applicant: { kind: 'person', firstName: 'Jonas', lastName: 'Weber', address: ADDRESS },
  });
  async function letterMessage() {
    const kase = await paperCase();
    const res = await inject('POST', `/api/cases/${kase.id}/messages`, { subject: 'Fehlender Nachweis', body: 'Bitte reichen Sie den Impfnachweis nach.', replyBy: berlinDay(14), deliverAs: 'letter' });
    assert.equal(res.statusCode, 201, res.body);
    return { kase, message: res.json() };
  }
  const saved = (bytes: Buffer) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
    writeFileSync(file, bytes);
    return file;
  };
  const pdfText = async (bytes: Buffer, args: string[] = ['-layout']) => (await run('pdftotext', [...args, saved(bytes), '-'])).stdout;

  it('a message as letter: ready for posting, no outbox delivery, a PDF/A with sender line, window address, case number and text', async () => {
    const { kase, message } = await letterMessage();
    assert.equal(message.channel, 'letter');
    assert.equal(message.deliveryStatus, 'queued');
    assert.equal(message.letter.postedOn, null);
    assert.equal(message.canRetry, false);
    const outbox = await t.adminQuery<{ n: string }>(`select count(*)::text as n from outbox where kind = 'mailbox_message' and payload->>'messageId' = $1`, [message.id]);
    assert.equal(outbox[0]!.n, '0', 'nothing to deliver electronically');

    const pdf = await inject('GET', `/api/cases/${kase.id}/messages/${message.id}/letter`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /filename\*=UTF-8''Brief-/);
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
    const text = await pdfText(pdf.rawPayload);
    for (const expected of ['Stadt Musterhausen · Rathausplatz 1 · 12345 Musterhausen', 'Jonas Weber', 'Lindenweg 7', '24103 Kiel',
      `Vorgangsnummer: ${kase.caseNumber}`, 'Fehlender Nachweis', 'Bitte reichen Sie den Impfnachweis nach.', 'Max Sachbearbeiter']) {
      assert.ok(text.includes(expected), `letter shows „${expected}“:\n${text}`);
    }
    // DIN 5008 form B: the address sits inside the window (45–90 mm from the top, 20–105 mm from the left).
    const box = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Lindenweg<\/word>/.exec(await pdfText(pdf.rawPayload, ['-bbox']));
    assert.ok(box, 'address word found');
    const [xMin, yMin, xMax, yMax] = box.slice(1).map(Number).map(toMm) as [number, number, number, number];
    assert.ok(yMin > 45 && yMax < 90 && xMin > 20 && xMax < 105, `address in the window: ${xMin}–${xMax} × ${yMin}–${yMax} mm`);
    const file = saved(pdf.rawPayload);
    assert.match((await run('pdfinfo', ['-meta', file])).stdout, /<pdfaid:part>2<\/pdfaid:part>/);
    assert.match((await run('qpdf', ['--check', file])).stdout, /No syntax or stream encoding errors found/);

    const files = (await inject('GET', `/api/cases/${kase.id}`)).json().attachments as Array<{ id: string; kind?: string }>;
    assert.ok(files.some((f) => f.id === message.letter.attachmentId), 'the letter is filed with the case');
  });

  it('confirming the posting: a future date or a date before the letter changes nothing; today marks it sent with a history entry', async () => {
    const { kase, message } = await letterMessage();
    const url = `/api/cases/${kase.id}/messages/${message.id}/posted`;
    const stateOf = async () => ({
      message: (await inject('GET', `/api/cases/${kase.id}/messages`)).json().items.find((m: { id: string }) => m.id === message.id),
      events: (await t.adminQuery<{ n: string }>(`select count(*)::text as n from case_events where case_id = $1 and type = 'message.posted'`, [kase.id]))[0]!.n,
    });
    const before = await stateOf();
    for (const [postedOn, pattern] of [[berlinDay(1), /nicht in der Zukunft/], [berlinDay(-1), /nicht vor der Erstellung/], ['2026-02-30', /gültiges Datum/]] as const) {
      const bad = await inject('POST', url, { postedOn });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().code, 'validation_failed');
      assert.equal(bad.json().field, 'postedOn');
      assert.match(bad.json().detail, pattern);
      assert.deepEqual(await stateOf(), before, `${postedOn} changed nothing`);
    }
    const reader = await createUser(t.db, { tenant: w.tenant, roles: ['reader'] });
    assert.equal((await inject('POST', url, { postedOn: berlinDay() }, await sessionHeaders(t.db, reader))).statusCode, 403);

    const ok = await inject('POST', url, { postedOn: berlinDay() });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().deliveryStatus, 'sent');
    assert.deepEqual(ok.json().letter, { attachmentId: message.letter.attachmentId, postedOn: berlinDay(), postedBy: 'Max Sachbearbeiter' });
    const event = await t.adminQuery<{ data: { messageId: string; postedOn: string }; actor_name: string }>(
      `select data, actor_name from case_events where case_id = $1 and type = 'message.posted'`, [kase.id]);
    assert.deepEqual(event.map((e) => [e.data.messageId, e.data.postedOn, e.actor_name]), [[message.id, berlinDay(), 'Max Sachbearbeiter']]);
    const again = await inject('POST', url, { postedOn: berlinDay() });
    assert.equal(again.statusCode, 409);
  });

  it('only letters can be confirmed as posted; another tenant sees neither the letter nor its confirmation', async () => {
    const { kase, message } = await letterMessage();
    const electronic = await caseInProgress(t, w);
    const sent = await inject('POST', `/api/cases/${electronic.id}/messages`, { subject: 'Frage', body: 'Text' });
    assert.equal(sent.json().channel, 'portal');
    assert.equal(sent.json().letter, null);
    assert.equal((await inject('POST', `/api/cases/${electronic.id}/messages/${sent.json().id}/posted`, { postedOn: berlinDay() })).statusCode, 409);

    const stranger = await decisionWorld(t);
    try {
      assert.equal((await inject('GET', `/api/cases/${kase.id}/messages/${message.id}/letter`, undefined, stranger.headers.author)).statusCode, 404);
      assert.equal((await inject('POST', `/api/cases/${kase.id}/messages/${message.id}/posted`, { postedOn: berlinDay() }, stranger.headers.author)).statusCode, 404);
    } finally {
      await stranger.test.close();
    }
  });

  it('a decision by letter is printed as the decision document itself', async () => {
    const kase = await caseInProgress(t, w);
    const decision = (await draft(w, kase.id, (await createTemplate(w)).id)).json();
    const res = await inject('POST', `/api/cases/${kase.id}/decisions/${decision.id}/send`, { version: kase.version, deliverAs: 'letter' });
    assert.equal(res.statusCode, 200, res.body);
    const message = (await inject('GET', `/api/cases/${kase.id}/messages`)).json().items.find((m: { kind: string }) => m.kind === 'decision');
    assert.equal(message.channel, 'letter');
    assert.equal(message.letter.attachmentId, res.json().document.attachmentId);
    const text = await pdfText((await inject('GET', `/api/cases/${kase.id}/messages/${message.id}/letter`)).rawPayload);
    assert.match(text, /Bescheid/);
    assert.match(text, /Hauptstraße 1/);
    assert.ok(text.includes(kase.caseNumber));
  });

  it('the letter and its message are written in one transaction: if it rolls back (a crash), neither exists', async () => {
    const kase = await paperCase();
    await assert.rejects(withTenant(t.db, { tenantId: w.tenant.id }, async (trx) => {
      await sendMessage(trx, w.tenant.id, kase.id, { subject: 'S', body: 'B', attachmentIds: [], kind: 'message', deliverAs: 'letter' },
        { kind: 'user', id: w.author.id, name: 'Max Sachbearbeiter' }, { blobs: w.test.blobs });
      throw new Error('crash');
    }), /crash/);
    const rows = await t.adminQuery<{ n: string }>(
      `select (select count(*) from messages where case_id = $1)::text || '/' || (select count(*) from attachments where case_id = $1 and kind = 'letter')::text as n`, [kase.id]);
    assert.equal(rows[0]!.n, '0/0');
  });

  it('a letter chosen although an e-mail exists stays out of the citizen portal: not listed there, not counted as unread', async () => {
    const kase = await createCase(t.db, {
      tenant: w.tenant, serviceId: w.service.id,
      applicant: { kind: 'person', firstName: 'Lea', lastName: 'Brief', email: 'lea.brief@example.org', address: ADDRESS },
    });
    const route = (await inject('GET', `/api/cases/${kase.id}/messages/route`)).json();
    assert.equal(route.channel, 'portal');
    const res = await inject('POST', `/api/cases/${kase.id}/messages`, { subject: 'Auf Papier', body: 'Wie gewünscht per Post.', deliverAs: 'letter' });
    assert.equal(res.json().channel, 'letter');
    assert.equal((await inject('POST', `/api/cases/${kase.id}/messages/${res.json().id}/posted`, { postedOn: berlinDay() })).statusCode, 200);
    const link = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => createLoginLink(trx, w.tenant.id, 'lea.brief@example.org', 'http://amt.example', NOTICE_LINK_TTL_MS));
    const portal = await portalHeaders(w.app, /#token=([A-Za-z0-9_-]+)/.exec(link)![1]!);
    const apps = await w.app.inject({ method: 'GET', url: '/api/portal/applications', headers: portal });
    assert.deepEqual(apps.json().items.map((a: { caseNumber: string; unreadMessages: number }) => [a.caseNumber, a.unreadMessages]), [[kase.caseNumber, 0]]);
    const detail = await w.app.inject({ method: 'GET', url: `/api/portal/applications/${kase.id}`, headers: portal });
    assert.equal(detail.json().messages.length, 0);
  });
});
