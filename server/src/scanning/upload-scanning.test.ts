import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { clamdSkipReason, EICAR, freePort, startClamd, type ClamdFixture } from '../../test/clamd.js';
import { describeEachDatabase, type TestDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createTenant, createUser } from '../../test/factories.js';
import { withTenant } from '../db/database.js';
import { blobTempFiles, intakeWorld, LEIKA_HUND, multipart, PDF, storedCounts } from '../../test/intake-kit.js';
import { depositEnvelope } from '../../test/fixtures/intelliform.js';
import { applicantCase, drainOutbox, loginTokens, mailsTo, multipart as formParts, portalHeaders } from '../../test/mailbox-kit.js';
import { startMailboxStandIn } from '../../test/mailbox-standin.js';
import { pollExternalMailboxes } from '../mailbox/updates.js';
import { withMalwareScanning } from './index.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const application = () => ({
  transactionId: `scan-${Math.random().toString(36).slice(2)}`,
  serviceKey: LEIKA_HUND,
  applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller', email: 'j.mueller@example.org' },
  formData: [{ name: 'rufname', label: 'Rufname', stringValue: 'Bello' }],
});

const withFiles = (...files: Array<{ name: string; data: Buffer }>) =>
  multipart([
    { name: 'application', contentType: 'application/json', data: JSON.stringify(application()) },
    ...files.map((f) => ({ name: 'attachment', filename: f.name, contentType: 'application/pdf', data: f.data })),
  ]);

/** Native intake with files, then the case's attachment rows and a caseworker who may open them. */
async function submit(t: TestDatabase, h: TestApp, ags: string, ...files: Array<{ name: string; data: Buffer }>) {
  const w = await intakeWorld(t, { ags });
  const body = withFiles(...files);
  const res = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: { ...w.headers, ...body.headers }, payload: body.payload });
  const caseworker = await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], orgUnitIds: [w.unit.id] });
  const desk = await sessionHeaders(t.db, caseworker);
  const caseId = res.statusCode === 201 ? (res.json() as { caseId: string }).caseId : null;
  const rows = caseId
    ? await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('attachments').select(['id', 'file_name', 'scan_status']).where('case_id', '=', caseId).orderBy('file_name').execute())
    : [];
  const download = (id: string) => h.app.inject({ method: 'GET', url: `/api/cases/${caseId}/attachments/${id}/content?download=1`, headers: desk });
  return { w, res, caseId, rows, desk, download };
}

/** A caseworker's query delivered to the portal, the applicant signed in there. */
async function portalThread(t: TestDatabase, h: TestApp, email: string) {
  const kase = await applicantCase(t.db, await createTenant(t.db), email);
  const sent = await h.app.inject({ method: 'POST', url: `/api/cases/${kase.caseId}/messages`, headers: kase.headers, payload: { subject: 'Rückfrage', body: 'Bitte reichen Sie den Nachweis nach.' } });
  assert.equal(sent.statusCode, 201, sent.body);
  await drainOutbox(t.db, h.config);
  const portal = await portalHeaders(h.app, loginTokens(mailsTo(h.config, email)).at(-1)!);
  const reply = (fileName: string, data: Buffer) => {
    const form = formParts([{ name: 'body', value: 'Anbei der Nachweis.' }, { name: 'attachment', value: data, fileName, contentType: 'application/pdf' }]);
    return h.app.inject({ method: 'POST', url: `/api/portal/applications/${kase.caseId}/replies`, headers: { ...portal, ...form.headers }, payload: form.payload });
  };
  return { kase, portal, reply };
}

const clamdSkip = clamdSkipReason();

describe('malware scanning of uploads with a real clamd', { skip: clamdSkip }, () => {
  let clamd: ClamdFixture;
  before(async () => {
    clamd = await startClamd();
  });
  after(async () => clamd?.stop());

  describeEachDatabase('scanning on', (t) => {
    let h: TestApp;
    before(async () => {
      h = await createTestApp(t.db, { malwareScan: { address: clamd.tcp, timeoutMs: 10_000 } });
    });
    after(async () => h?.close());

    it('native intake: EICAR is refused with a German 422 naming the file, and nothing is stored', async () => {
      const before = await storedCounts(t);
      const { res } = await submit(t, h, '01002101', { name: 'Impfpass.pdf', data: PDF }, { name: 'Rechnung.pdf', data: EICAR });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().code, 'malware_found');
      assert.match(res.json().detail, /In der Datei „Rechnung\.pdf“ wurde Schadsoftware gefunden/);
      assert.doesNotMatch(res.body, /EICAR/i, 'the signature name goes to the log, not to the sender');
      assert.deepEqual(await storedCounts(t), before, 'no case, attachment, unrouted entry or outbox message');
      assert.equal(await h.blobs.has(sha256(EICAR)), false, 'the infected bytes never reach the blob store');
      assert.deepEqual(blobTempFiles(h.config.dataDir), []);
    });

    it('native intake: a clean file is scanned, recorded as clean and can be downloaded', async () => {
      const { res, rows, download, w, caseId } = await submit(t, h, '01002102', { name: 'Impfpass.pdf', data: PDF });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(rows.map((r) => [r.file_name, r.scan_status]), [['Impfpass.pdf', 'clean']]);
      const file = await download(rows[0]!.id);
      assert.equal(file.statusCode, 200);
      assert.deepEqual(file.rawPayload, PDF);
      const detail = await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: await sessionHeaders(t.db, await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'], orgUnitIds: [w.unit.id] })) });
      assert.equal(detail.json().attachments[0].scanStatus, 'clean');
    });

    it('streams through the scanner: EICAR behind 3 MB of other bytes is caught; an oversized file is 413, not a scanner failure', async () => {
      const padded = Buffer.concat([PDF, Buffer.alloc(3 * 1024 * 1024, 0x20), EICAR]);
      const late = await submit(t, h, '01002103', { name: 'Lang.pdf', data: padded });
      assert.equal(late.res.statusCode, 422, late.res.body);
      assert.equal(late.res.json().code, 'malware_found');
      assert.equal(await h.blobs.has(sha256(padded)), false);

      const small = await createTestApp(t.db, { malwareScan: { address: clamd.tcp, timeoutMs: 10_000 }, intake: { maxAttachmentBytes: 64 * 1024 } });
      try {
        const big = await submit(t, small, '01002104', { name: 'Groß.pdf', data: Buffer.concat([PDF, Buffer.alloc(200 * 1024, 0x20)]) });
        assert.equal(big.res.statusCode, 413, big.res.body);
        assert.equal(big.res.json().code, 'payload_too_large');
      } finally {
        await small.close();
      }
    });

    it('intelliForm SOAP: EICAR in a deposit is answered with a SOAP fault, nothing stored', async () => {
      const w = await intakeWorld(t, { ags: '09162000', leikaKey: '99104005000000' });
      const before = await storedCounts(t);
      const xml = depositEnvelope({ token: w.headers.authorization!.slice('Bearer '.length), extraAttachments: [{ id: 'Anlage-1', name: 'Foto.pdf', contentType: 'application/pdf', content: EICAR }] });
      const res = await h.app.inject({ method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, payload: xml });
      assert.equal(res.statusCode, 500, 'SOAP 1.1 answers faults with 500');
      assert.match(res.body, /Fault/);
      assert.match(res.body, /malware_found/);
      assert.match(res.body, /Schadsoftware gefunden/);
      assert.deepEqual(await storedCounts(t), before);
    });

    it('portal reply: EICAR is refused and no message is stored; a clean reply is marked clean and downloadable on both sides', async () => {
      const { kase, portal, reply } = await portalThread(t, h, 'anna.scan@example.org');
      const infected = await reply('Nachweis.pdf', EICAR);
      assert.equal(infected.statusCode, 422, infected.body);
      assert.equal(infected.json().code, 'malware_found');
      const thread = await h.app.inject({ method: 'GET', url: `/api/cases/${kase.caseId}/messages`, headers: kase.headers });
      assert.equal(thread.json().items.filter((m: { direction: string }) => m.direction === 'in').length, 0);

      assert.equal((await reply('Nachweis.pdf', PDF)).statusCode, 201);
      const answer = (await h.app.inject({ method: 'GET', url: `/api/cases/${kase.caseId}/messages`, headers: kase.headers })).json().items.find((m: { direction: string }) => m.direction === 'in');
      assert.equal(answer.attachments[0].scanStatus, 'clean');
      const desk = await h.app.inject({ method: 'GET', url: `/api/cases/${kase.caseId}/attachments/${answer.attachments[0].id}/content`, headers: kase.headers });
      assert.equal(desk.statusCode, 200);
      const mine = (await h.app.inject({ method: 'GET', url: `/api/portal/applications/${kase.caseId}`, headers: portal })).json();
      const own = mine.messages.flatMap((m: { attachments: Array<{ id: string; scanStatus: string }> }) => m.attachments).find((a: { id: string }) => a.id === answer.attachments[0].id);
      assert.equal(own?.scanStatus, 'clean');
      assert.equal((await h.app.inject({ method: 'GET', url: `/api/portal/applications/${kase.caseId}/attachments/${own.id}/content`, headers: portal })).statusCode, 200);
    });

    it('staff message upload: EICAR is refused, nothing is sent', async () => {
      const kase = await applicantCase(t.db, await createTenant(t.db), 'bernd.scan@example.org');
      const form = formParts([{ name: 'subject', value: 'Hinweise' }, { name: 'body', value: 'Siehe Anlage.' }, { name: 'attachment', value: EICAR, fileName: 'Hinweise.pdf' }]);
      const res = await h.app.inject({ method: 'POST', url: `/api/cases/${kase.caseId}/messages`, headers: { ...kase.headers, ...form.headers }, payload: form.payload });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().code, 'malware_found');
      assert.equal((await h.app.inject({ method: 'GET', url: `/api/cases/${kase.caseId}/messages`, headers: kase.headers })).json().items.length, 0);
    });

    it('external mailbox: a polled reply with EICAR keeps its text, leaves the file out and names it in the history', async () => {
      const standIn = await startMailboxStandIn({ token: 'service-token' });
      try {
        const tenant = await createTenant(t.db);
        const admin = await createUser(t.db, { tenant, roles: ['admin'] });
        const settings = { externalBaseUrl: standIn.baseUrl, token: 'service-token', webhookSecret: 'geheim-geheim-geheim-1234' };
        assert.equal((await h.app.inject({ method: 'PUT', url: '/api/mailbox/settings', headers: await sessionHeaders(t.db, admin), payload: settings })).statusCode, 200);
        const kase = await applicantCase(t.db, tenant, 'dora.scan@example.org', 'postfach-0815');
        const sent = await h.app.inject({ method: 'POST', url: `/api/cases/${kase.caseId}/messages`, headers: kase.headers, payload: { subject: 'Frage', body: 'Bitte Nachweis senden.' } });
        await drainOutbox(t.db, h.config);
        const file = (name: string, data: Buffer) => ({ fileName: name, mimeType: 'application/pdf', content: data.toString('base64') });
        standIn.replies.push({ id: 'reply-eicar', reference: sent.json().id, content: 'Anbei zwei Dateien', attachments: [file('Nachweis.pdf', PDF), file('Rechnung.pdf', EICAR)] });
        const deps = { db: t.db, config: h.config, blobs: withMalwareScanning(h.blobs, h.config) };
        await pollExternalMailboxes(deps);
        await pollExternalMailboxes(deps);
        const replies = (await h.app.inject({ method: 'GET', url: `/api/cases/${kase.caseId}/messages`, headers: kase.headers })).json().items.filter((m: { direction: string }) => m.direction === 'in');
        assert.equal(replies.length, 1, 'taken once, not stuck on the infected file');
        assert.equal(replies[0].body, 'Anbei zwei Dateien');
        assert.deepEqual(replies[0].attachments.map((a: { fileName: string; scanStatus: string }) => [a.fileName, a.scanStatus]), [['Nachweis.pdf', 'clean']]);
        const events = (await h.app.inject({ method: 'GET', url: `/api/cases/${kase.caseId}/events`, headers: kase.headers })).json().items;
        const received = events.find((e: { type: string }) => e.type === 'message.received');
        assert.deepEqual(received.data.refusedAttachments, [{ fileName: 'Rechnung.pdf', reason: 'malware_found' }]);
        assert.equal(await h.blobs.has(sha256(EICAR)), false);
      } finally {
        await standIn.close();
      }
    });

    it('a quarantined row is never served or forwarded: infected → 409 file_infected, pending → 423 file_not_scanned_yet', async () => {
      const { kase, portal, reply } = await portalThread(t, h, 'carla.scan@example.org');
      assert.equal((await reply('Nachweis.pdf', PDF)).statusCode, 201);
      const answer = (await h.app.inject({ method: 'GET', url: `/api/cases/${kase.caseId}/messages`, headers: kase.headers })).json().items.find((m: { direction: string }) => m.direction === 'in');
      const fileId = answer.attachments[0].id as string;
      const deskUrl = `/api/cases/${kase.caseId}/attachments/${fileId}/content`;
      const portalUrl = `/api/portal/applications/${kase.caseId}/attachments/${fileId}/content`;

      await t.adminQuery(`update attachments set scan_status = 'infected' where id = $1`, [fileId]);
      for (const [url, headers] of [[deskUrl, kase.headers], [portalUrl, portal]] as const) {
        const res = await h.app.inject({ method: 'GET', url, headers });
        assert.equal(res.statusCode, 409, url);
        assert.equal(res.json().code, 'file_infected');
        assert.match(res.json().detail, /Schadsoftware gefunden/);
        assert.notDeepEqual(res.rawPayload, PDF);
      }
      const forward = await h.app.inject({ method: 'POST', url: `/api/cases/${kase.caseId}/messages`, headers: kase.headers, payload: { subject: 'Weiterleitung', body: 'Zur Kenntnis.', attachmentIds: [fileId] } });
      assert.equal(forward.statusCode, 409, forward.body);
      assert.equal(forward.json().code, 'file_infected');

      await t.adminQuery(`update attachments set scan_status = 'pending' where id = $1`, [fileId]);
      const pending = await h.app.inject({ method: 'GET', url: deskUrl, headers: kase.headers });
      assert.equal(pending.statusCode, 423);
      assert.equal(pending.json().code, 'file_not_scanned_yet');
      assert.match(pending.json().detail, /wird noch auf Schadsoftware geprüft/);
    });
  });

  describeEachDatabase('clamd unreachable: fail closed', (t) => {
    let h: TestApp;
    before(async () => {
      h = await createTestApp(t.db, { malwareScan: { address: { kind: 'tcp', host: '127.0.0.1', port: await freePort() }, timeoutMs: 2_000 } });
    });
    after(async () => h?.close());

    it('an upload is refused with a German 503 and nothing is stored; submissions without files still go through', async () => {
      const before = await storedCounts(t);
      const { res } = await submit(t, h, '01002201', { name: 'Impfpass.pdf', data: PDF });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json().code, 'scanner_unavailable');
      assert.match(res.json().detail, /Prüfung auf Schadsoftware ist gerade nicht möglich/);
      assert.doesNotMatch(res.body, /127\.0\.0\.1|ECONNREFUSED/, 'no internals in the answer');
      assert.deepEqual(await storedCounts(t), before);
      assert.equal(await h.blobs.has(sha256(PDF)), false);

      const w = await intakeWorld(t, { ags: '01002202' });
      const plain = await h.app.inject({ method: 'POST', url: '/api/intake/applications', headers: w.headers, payload: application() });
      assert.equal(plain.statusCode, 201, plain.body);
    });
  });
});

describeEachDatabase('malware scanning off (default, embedded demo)', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h?.close());

  it('files are recorded as not scanned and stay downloadable', async () => {
    assert.equal(h.config.malwareScan, undefined, 'off unless AMTSDESK_CLAMD is set');
    const { res, rows, download } = await submit(t, h, '01002301', { name: 'Impfpass.pdf', data: PDF }, { name: 'Test.pdf', data: EICAR });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(rows.map((r) => [r.file_name, r.scan_status]), [['Impfpass.pdf', 'not_scanned'], ['Test.pdf', 'not_scanned']]);
    for (const row of rows) assert.equal((await download(row.id)).statusCode, 200);
  });
});
