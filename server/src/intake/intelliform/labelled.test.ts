import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../../test/app.js';
import { createUser } from '../../../test/factories.js';
import type { FormItem } from '../../db/schema.js';
import { PDF, intakeWorld } from '../../../test/intake-kit.js';
import { LEIHGERAET_LABELLED_XML, LEIHGERAET_XML, depositEnvelope } from '../../../test/fixtures/intelliform.js';

const parse = (xml: string) => new XMLParser({ removeNSPrefix: true, processEntities: false }).parse(xml) as Record<string, any>;
const group = (items: FormItem[], name: string) => items.find((i) => i.name === name)!.formItems!;
const field = (items: FormItem[], name: string) => items.find((i) => i.name === name)!;

describeEachDatabase('intelliForm: the case shows the labelled form data of the deposit', (t) => {
  let h: TestApp;
  let w: Awaited<ReturnType<typeof intakeWorld>>;
  let token: string;
  let desk: Record<string, string>;
  before(async () => {
    h = await createTestApp(t.db);
    w = await intakeWorld(t, { ags: '09162000', leikaKey: '99104005000000' });
    token = w.headers.authorization!.slice('Bearer '.length);
    desk = await sessionHeaders(t.db, await createUser(t.db, { tenant: w.tenant, roles: ['caseworker'] }));
  });
  after(async () => h.close());

  const deposit = async (options: Parameters<typeof depositEnvelope>[0]) => {
    const res = await h.app.inject({ method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' }, payload: depositEnvelope({ token, ...options }) });
    assert.equal(res.statusCode, 200, res.body);
    const params = parse(res.body).Envelope.Body.depositResponse.return.customParameters as Array<{ key: string; value: string }>;
    const caseId = params.find((p) => p.key === 'vorgangId')!.value;
    const kase = await h.app.inject({ method: 'GET', url: `/api/cases/${caseId}`, headers: desk });
    assert.equal(kase.statusCode, 200, kase.body);
    return kase.json() as { formData: FormItem[]; attachments: Array<{ kind: string; fileName: string }> };
  };

  it('a deposit with its labelled rendition: labels and option texts, the sent codes kept', async () => {
    const kase = await deposit({
      id: 'if-leihgeraet-1',
      formId: 'leihgeraet-schule/1.3',
      primaryXml: LEIHGERAET_XML,
      labelledXml: LEIHGERAET_LABELLED_XML,
      extraAttachments: [{ id: 'PDF-Antrag', name: 'Antrag.pdf', contentType: 'application/pdf', content: PDF }],
    });
    const person = field(kase.formData, 'antragsteller');
    assert.equal(person.label, 'Antragstellende Person (Erziehungsberechtigte)');
    assert.deepEqual(field(person.formItems!, 'geschlecht'), { name: 'geschlecht', label: 'Geschlecht', stringValue: 'weiblich', code: '1' });
    assert.deepEqual(field(person.formItems!, 'nachname'), { name: 'nachname', label: 'Familienname', stringValue: 'Demir' });
    assert.deepEqual(field(person.formItems!, 'strasse'), { name: 'strasse', label: 'Straße', stringValue: 'Zweibrückenstraße' });
    // A generated label's trailing colon is presentation noise.
    assert.equal(field(person.formItems!, 'hausnummer').label, 'Hausnummer');
    assert.deepEqual(field(group(kase.formData, 'geraet'), 'betriebssystem_pc'), { name: 'betriebssystem_pc', label: 'Betriebssystem des PCs zu Hause', stringValue: 'Windows', code: '1' });
    assert.deepEqual(field(group(kase.formData, 'kind'), 'schulart'), { name: 'schulart', label: 'Schulart', stringValue: 'Gymnasium', code: '3' });
    // A plain value stays as it was sent, with no code beside it.
    assert.deepEqual(field(group(kase.formData, 'kind'), 'jahrgangsstufe'), { name: 'jahrgangsstufe', label: 'Jahrgangsstufe', stringValue: '7' });
    assert.deepEqual(field(group(kase.formData, 'geraet'), 'internetzugang'), { name: 'internetzugang', label: 'Internetzugang zu Hause vorhanden', booleanValue: false });
    assert.deepEqual(field(person.formItems!, 'geburtsdatum'), { name: 'geburtsdatum', label: 'Geburtsdatum', dateValue: '1984-03-14' });
    // Both XML files stay with the case: the form's own data and its labelled rendition.
    assert.deepEqual(kase.attachments.map((a) => [a.kind, a.fileName]).sort(), [
      ['primary-data', 'Antragsdaten.xml'],
      ['representation', 'Antrag.pdf'],
      ['representation', 'Antragsdaten-beschriftet.xml'],
    ]);
  });

  it('the rendition named by labelledDataAttachmentId is used, and the values remain the primary data’s', async () => {
    // A rendition that disagrees on a value lends its labels only: the case shows what the form sent.
    const drifted = LEIHGERAET_LABELLED_XML.replace('>Demir<', '>Dömir<').replace('xmlns:ifp=', 'xmlns:x=').replaceAll('ifp:', 'x:');
    const kase = await deposit({ id: 'if-leihgeraet-2', primaryXml: LEIHGERAET_XML, labelledXml: drifted, customParameters: { labelledDataAttachmentId: 'XML-Daten-beschriftet' } });
    const person = group(kase.formData, 'antragsteller');
    assert.deepEqual(field(person, 'nachname'), { name: 'nachname', label: 'Familienname', stringValue: 'Demir' });
    assert.deepEqual(field(person, 'geschlecht'), { name: 'geschlecht', label: 'Geschlecht', stringValue: 'weiblich', code: '1' });
  });

  it('without a rendition the case shows the names and codes as sent (nothing guessed)', async () => {
    const kase = await deposit({ id: 'if-leihgeraet-3', primaryXml: LEIHGERAET_XML });
    assert.deepEqual(field(group(kase.formData, 'antragsteller'), 'geschlecht'), { name: 'geschlecht', label: 'geschlecht', stringValue: '1' });
  });

  it('a named rendition that is missing is refused with a fault naming the parameter', async () => {
    const res = await h.app.inject({
      method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8' },
      payload: depositEnvelope({ token, id: 'if-leihgeraet-4', primaryXml: LEIHGERAET_XML, customParameters: { labelledDataAttachmentId: 'fehlt' } }),
    });
    assert.equal(res.statusCode, 500);
    const fault = parse(res.body).Envelope.Body.Fault.detail.ApplicationFault;
    assert.equal(fault.faultId, 'validation_failed');
    assert.match(String(fault.message), /beschrifteten Formulardaten \(„fehlt“\)/);
  });
});
