import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { blobTempFiles, intakeWorld, storedCounts } from '../../../test/intake-kit.js';
import { depositEnvelope } from '../../../test/fixtures/intelliform.js';
import { BACKEND_NS, SOAP_NS } from './xml.js';

const parse = (xml: string) => new XMLParser({ removeNSPrefix: true, processEntities: false }).parse(xml) as Record<string, any>;
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';

describeEachDatabase('intelliForm: SOAP and payload namespaces are checked while the envelope streams', (t) => {
  let h: TestApp;
  let token: string;
  before(async () => {
    h = await createTestApp(t.db);
    const w = await intakeWorld(t, { ags: '09162000', leikaKey: '99104005000000' });
    token = w.headers.authorization!.slice('Bearer '.length);
  });
  after(async () => h.close());

  const send = (xml: string) => h.app.inject({ method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8' }, payload: xml });
  const valid = () => depositEnvelope({ token, id: `if-ns-${Math.random().toString(36).slice(2)}` });

  const cases: Array<[string, () => string, string, RegExp]> = [
    ['a SOAP 1.2 envelope', () => valid().replace(SOAP_NS, SOAP12), 'VersionMismatch', /SOAP-1\.2-Envelope.*SOAP 1\.1/],
    ['an envelope without namespace', () => valid().replace(` xmlns:soapenv="${SOAP_NS}"`, '').replaceAll('soapenv:', ''), 'VersionMismatch', /Envelope hat keinen Namensraum/],
    ['a Body in a foreign namespace', () => valid().replace('<soapenv:Body>', '<x:Body xmlns:x="urn:fremd">').replace('</soapenv:Body>', '</x:Body>'), 'Client', /„Body“ im SOAP-Envelope muss im Namensraum/],
    ['deposit in a foreign namespace', () => valid().replace(`xmlns:ns="${BACKEND_NS}"`, 'xmlns:ns="http://xmlns.cit.de/intelliform/2008/webservices/backend"'), 'Client', /„deposit“ steht im fremden Namensraum „http:\/\/xmlns\.cit\.de\/intelliform\/2008/],
    ['deposit without namespace', () => valid().replace('<ns:deposit>', '<deposit>').replace('</ns:deposit>', '</deposit>'), 'Client', /„deposit“ hat keinen Namensraum; erwartet wird http:\/\/xmlns\.cit\.de\/intelliform\/2009/],
    ['data qualified although the schema keeps it unqualified', () => valid().replace('<ns:deposit><data>', `<ns:deposit><data xmlns="${BACKEND_NS}">`), 'Client', /„data“ muss ohne Namensraum stehen/],
    ['a header marked mustUnderstand that nobody here understands', () => valid().replace('<wsse:Security', `<tx:Transaction xmlns:tx="urn:fremd:tx" soapenv:mustUnderstand="1">42</tx:Transaction><wsse:Security`), 'MustUnderstand', /„Transaction“ ist als mustUnderstand markiert/],
  ];
  for (const [name, xml, faultCode, message] of cases) {
    it(`refuses ${name} with a SOAP 1.1 fault (${faultCode}) and stores nothing`, async () => {
      const before = await storedCounts(t);
      const res = await send(xml());
      assert.equal(res.statusCode, 500, res.body);
      assert.match(String(res.headers['content-type']), /text\/xml/);
      const fault = parse(res.body).Envelope.Body.Fault;
      assert.equal(fault.faultcode, `soap:${faultCode}`);
      assert.equal(fault.detail.ApplicationFault.faultId, 'soap_namespace');
      assert.match(String(fault.detail.ApplicationFault.message), message);
      assert.deepEqual(await storedCounts(t), before);
      assert.deepEqual(blobTempFiles(h.config.dataDir), []);
    });
  }

  it('refuses at the start tag: a foreign deposit is refused before the rest of the envelope is looked at', async () => {
    // Everything after <deposit> is broken; the namespace fault comes first, so it was raised while streaming.
    const xml = valid().replace(`xmlns:ns="${BACKEND_NS}"`, 'xmlns:ns="urn:fremd"').replace('<data>', '<data><<<kaputt');
    const res = await send(xml);
    const fault = parse(res.body).Envelope.Body.Fault;
    assert.equal(fault.detail.ApplicationFault.faultId, 'soap_namespace', res.body);
  });

  it('a password in a look-alike header outside WS-Security is no credential', async () => {
    const xml = valid().replace('xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"', 'xmlns:wsse="urn:nachgemacht"');
    const res = await send(xml);
    assert.equal(res.statusCode, 401, res.body);
  });

  it('the same envelope with the right namespaces, in other prefixes, is accepted', async () => {
    const xml = valid().replaceAll('soapenv:', 'S:').replace('xmlns:soapenv=', 'xmlns:S=').replaceAll('ns:deposit', 'ns2:deposit').replace('xmlns:ns=', 'xmlns:ns2=');
    const res = await send(xml);
    assert.equal(res.statusCode, 200, res.body);
  });
});
