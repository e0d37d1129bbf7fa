import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { call, deskTenant } from '../../../test/case-kit.js';
import { createCase, createUser } from '../../../test/factories.js';
import { addAttachment } from '../../cases/service.js';
import { withTenant } from '../../db/database.js';
import type { Applicant } from '../../db/schema.js';
import { enqueue } from '../../outbox/enqueue.js';
import { uuidv7 } from '../../shared/ids.js';
import { readZip } from '../../../test/subject-kit.js';

const person = (firstName: string, lastName: string, email: string, extra: Partial<Applicant> = {}): Applicant =>
  ({ kind: 'person', firstName, lastName, email, address: { street: 'Hauptstraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' }, ...extra });

describeEachDatabase('data-subject rights: finding one person and the Art. 15 access report', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db);
  });
  after(async () => h.close());

  /**
   * Anna Schmidt has two cases (one with a file and a webhook delivery); in the same tenant Anna
   * Schmitt and Anne Schmidt have one each; another tenant has an Anna Schmidt with the same e-mail.
   */
  async function world() {
    const o = await deskTenant(t.db);
    const privacy = await sessionHeaders(t.db, await createUser(t.db, { tenant: o.tenant, roles: ['privacy'], displayName: 'Dana Datenschutz' }));
    const admin = await sessionHeaders(t.db, await createUser(t.db, { tenant: o.tenant, roles: ['admin'] }));
    const mine = { mailbox: { identifier: 'bundid-4711-anna', type: 'bundid' } };
    const form = (email: string) => [{ name: 'kontakt', label: 'Kontakt', formItems: [{ name: 'email', label: 'E-Mail', stringValue: email }] }];
    const one = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id, applicant: person('Anna', 'Schmidt', 'anna@example.org', mine), formData: form('anna@example.org') });
    const two = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id, applicant: person('Anna', 'Schmidt', 'anna@example.org'), formData: form('anna@example.org') });
    const schmitt = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id, applicant: person('Anna', 'Schmitt', 'anna.schmitt@example.org'), formData: form('anna.schmitt@example.org') });
    const anne = await createCase(t.db, { tenant: o.tenant, serviceId: o.service.id, applicant: person('Anne', 'Schmidt', 'anne@example.org'), formData: form('anne@example.org') });
    const b = await deskTenant(t.db);
    const bPrivacy = await sessionHeaders(t.db, await createUser(t.db, { tenant: b.tenant, roles: ['privacy'] }));
    const foreign = await createCase(t.db, { tenant: b.tenant, serviceId: b.service.id, applicant: person('Anna', 'Schmidt', 'anna@example.org', mine), formData: form('anna@example.org') });

    const stored = await h.blobs.put(Readable.from([Buffer.from('%PDF-1.4 Hundepass von Anna')]));
    const file = await withTenant(t.db, { tenantId: o.tenant.id }, async (trx) => {
      const webhookId = uuidv7();
      await trx.insertInto('webhooks').values({ id: webhookId, tenant_id: o.tenant.id, url: 'https://fachverfahren.example.org/hook?token=geheim', secret: 's', event_types: ['*'] }).execute();
      await enqueue(trx, o.tenant.id, 'webhook', { webhookId, eventType: 'case.created', body: { caseId: one.id, caseNumber: one.caseNumber } });
      await trx.insertInto('messages').values({
        id: uuidv7(), tenant_id: o.tenant.id, case_id: one.id, direction: 'out', kind: 'message', subject: 'Nachweis der Haftpflicht fehlt',
        body: 'Bitte reichen Sie den Nachweis nach.', channel: 'portal', delivery_status: 'delivered', created_by_name: 'Max Sachbearbeiter', sent_at: new Date(), delivered_at: new Date(),
      }).execute();
      return addAttachment(trx, o.tenant.id, one.id, { fileName: 'Hundepass.pdf', mimeType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256 }, { kind: 'system', id: null, name: 'Test' });
    });
    return { o, privacy, admin, one, two, schmitt, anne, b, bPrivacy, foreign, file };
  }

  const ids = (body: { items: Array<{ id: string }> }) => body.items.map((i) => i.id).sort();

  it('finds the person by name, e-mail, Postfach or case number, and nobody with a similar name or in another tenant', async () => {
    const w = await world();
    const both = [w.one.id, w.two.id].sort();
    const byName = await call(h.app, 'GET', `/api/privacy/subjects?name=${encodeURIComponent('  anna   SCHMIDT ')}`, w.privacy);
    assert.equal(byName.status, 200, JSON.stringify(byName.body));
    assert.deepEqual(ids(byName.body), both, 'neither Anna Schmitt nor Anne Schmidt nor the other tenant');
    assert.deepEqual(byName.body.items[0].matchedBy, ['name']);
    assert.deepEqual(ids((await call(h.app, 'GET', '/api/privacy/subjects?email=Anna@Example.org', w.privacy)).body), both);
    assert.deepEqual(ids((await call(h.app, 'GET', '/api/privacy/subjects?mailboxId=bundid-4711-anna', w.privacy)).body), [w.one.id]);
    const numbers = await call(h.app, 'GET', `/api/privacy/subjects?caseNumbers=${encodeURIComponent(`${w.two.caseNumber}, ${w.foreign.caseNumber}`)}`, w.privacy);
    assert.deepEqual(ids(numbers.body), w.foreign.caseNumber === w.one.caseNumber ? [w.one.id, w.two.id].sort() : [w.two.id], "another tenant's case is never found");
    const empty = await call(h.app, 'GET', '/api/privacy/subjects', w.privacy);
    assert.equal(empty.status, 400);
    assert.match(empty.body.detail, /Name, E-Mail-Adresse/);
  });

  it('the report is a ZIP with PDF, JSON and every file of exactly the chosen cases, and it is logged as an export', async () => {
    const w = await world();
    await call(h.app, 'GET', `/api/cases/${w.schmitt.id}`, w.o.headers); // someone else's read: not in the report
    const res = await h.app.inject({ method: 'GET', url: `/api/privacy/subject-report?caseIds=${w.one.id}&caseIds=${w.two.id}`, headers: w.privacy });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="Auskunft-Art15-\d{4}-\d{2}-\d{2}\.zip"/);
    const files = readZip(res.rawPayload);
    const json = JSON.parse(files.get('auskunft.json')!.toString('utf8'));
    assert.equal(json.format, 'amtsdesk-auskunft/1');
    assert.deepEqual(json.cases.map((c: { caseId: string }) => c.caseId).sort(), [w.one.id, w.two.id].sort(), 'every case of the person');
    const text = files.get('auskunft.json')!.toString('utf8');
    for (const other of [w.schmitt, w.anne, w.foreign]) assert.ok(!text.includes(other.id), 'nothing of anyone else');
    for (const other of [w.schmitt, w.anne]) assert.ok(!text.includes(other.caseNumber));
    assert.ok(!text.includes('Schmitt') && !text.includes('anne@example.org'));
    const one = json.cases.find((c: { caseId: string }) => c.caseId === w.one.id);
    assert.equal(one.applicant.email, 'anna@example.org');
    assert.equal(one.formData[0].formItems[0].stringValue, 'anna@example.org', 'the form data');
    assert.deepEqual(one.attachments.map((a: { fileName: string }) => a.fileName), ['Hundepass.pdf']);
    assert.deepEqual(one.messages.map((m: { subject: string; body: string }) => [m.subject, m.body]), [['Nachweis der Haftpflicht fehlt', 'Bitte reichen Sie den Nachweis nach.']]);
    assert.deepEqual(one.recipients.map((r: { recipient: string }) => r.recipient).sort(), ['Postfach/Nachrichtenkanal (portal)', 'https://fachverfahren.example.org'], 'the mailbox and the webhook, without its token');
    assert.ok(!text.includes('geheim'), 'the webhook token stays out');
    assert.equal(one.retention.periodMonths, 120);
    const path = one.attachments[0].includedAs as string;
    assert.equal(files.get(path)!.toString(), '%PDF-1.4 Hundepass von Anna', 'the file itself');
    const pdf = files.get('Auskunft.pdf')!;
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const dir = mkdtempSync(join(tmpdir(), 'auskunft-'));
    try {
      writeFileSync(join(dir, 'a.pdf'), pdf);
      const pdfText = execFileSync('pdftotext', [join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
      assert.match(pdfText, /Auskunft nach Art\. 15 DSGVO/);
      for (const c of [w.one, w.two]) assert.ok(pdfText.includes(c.caseNumber), `the PDF names ${c.caseNumber}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const log = await call(h.app, 'GET', '/api/access-log', w.privacy);
    const exported = log.body.items.filter((e: { action: string }) => e.action === 'exported').map((e: { caseId: string }) => e.caseId).sort();
    assert.deepEqual(exported, [w.one.id, w.two.id].sort());
  });

  it("another tenant's case answers 404 and nothing is handed out; without the privacy role 403", async () => {
    const w = await world();
    const foreign = await h.app.inject({ method: 'GET', url: `/api/privacy/subject-report?caseIds=${w.one.id}&caseIds=${w.foreign.id}`, headers: w.privacy });
    assert.equal(foreign.statusCode, 404);
    assert.equal(foreign.json().code, 'not_found');
    assert.equal((await h.app.inject({ method: 'GET', url: `/api/privacy/subject-report?caseIds=${w.one.id}`, headers: w.bPrivacy })).statusCode, 404);
    for (const headers of [w.o.headers, w.admin]) {
      assert.equal((await call(h.app, 'GET', '/api/privacy/subjects?name=Anna%20Schmidt', headers)).status, 403, 'admins do not hold the privacy role');
      assert.equal((await h.app.inject({ method: 'GET', url: `/api/privacy/subject-report?caseIds=${w.one.id}`, headers })).statusCode, 403);
    }
    const log = await call(h.app, 'GET', '/api/access-log', w.privacy);
    assert.equal(log.body.items.filter((e: { action: string }) => e.action === 'exported').length, 0, 'a refused report is no export');
  });
});
