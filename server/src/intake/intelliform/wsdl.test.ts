import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { LEIHGERAET_LABELLED_XML, LEIHGERAET_XML, depositEnvelope } from '../../../test/fixtures/intelliform.js';
import { BACKEND_NS } from './xml.js';

const contract = (file: string) => readFileSync(new URL(`./contract/${file}`, import.meta.url), 'utf8');
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, isArray: (name) => ['element', 'complexType', 'message', 'operation', 'part'].includes(name) });
type Node = Record<string, any>;

/** Each complex type as its element list (name, type, occurrence, nillable): what a client generator sees. */
function types(schema: Node): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const ct of schema.complexType ?? []) {
    out[ct['@name']] = (ct.sequence?.element ?? []).map((e: Node) => [e['@name'], e['@type'] ?? 'inline', e['@minOccurs'] ?? '1', e['@maxOccurs'] ?? '1', e['@nillable'] ?? 'false'].join(' '));
  }
  return out;
}

/** The deposit element of an envelope as a standalone document, for schema validation. */
const depositOf = (envelope: string) => envelope.slice(envelope.indexOf('<ns:deposit>'), envelope.indexOf('</ns:deposit>') + '</ns:deposit>'.length).replace('<ns:deposit>', `<ns:deposit xmlns:ns="${BACKEND_NS}">`);

describeEachDatabase('intelliForm: the WSDL is served at ?wsdl and matches the published contract', (t) => {
  let h: TestApp;
  let wsdl: string;
  let dir: string;
  before(async () => {
    h = await createTestApp(t.db);
    dir = mkdtempSync(join(tmpdir(), 'amtsdesk-wsdl-'));
    const res = await h.app.inject({ method: 'GET', url: '/api/intake/intelliform?wsdl' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/xml/);
    wsdl = res.body;
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await h.close();
  });

  it('names this endpoint as the address, binds SOAP 1.1 document/literal and asks for a UsernameToken', () => {
    const doc = parser.parse(wsdl).definitions as Node;
    assert.equal(doc['@targetNamespace'], BACKEND_NS);
    assert.equal(doc.service.port.address['@location'], `${h.config.publicUrl}/api/intake/intelliform`);
    assert.match(wsdl, /xmlns:soap="http:\/\/schemas\.xmlsoap\.org\/wsdl\/soap\/"/);
    assert.equal(doc.binding.binding['@style'], 'document');
    assert.deepEqual(doc.binding.operation.map((o: Node) => o['@name']), ['deposit']);
    assert.ok(doc.Policy.SupportingTokens.Policy.UsernameToken, 'WS-SecurityPolicy UsernameToken');
  });

  it('describes deposit exactly as ApplicationService.wsdl/.xsd do', () => {
    const ours = parser.parse(wsdl).definitions as Node;
    const published = parser.parse(contract('ApplicationService.wsdl')).definitions as Node;
    const messages = (d: Node) => Object.fromEntries(d.message.map((m: Node) => [m['@name'], m.part.map((p: Node) => `${p['@name']} ${p['@element']}`)]));
    for (const name of ['deposit', 'depositResponse', 'ApplicationFault']) assert.deepEqual(messages(ours)[name], messages(published)[name], name);
    const port = (d: Node) => d.portType.operation.find((o: Node) => o['@name'] === 'deposit');
    assert.deepEqual(port(ours), port(published));
    const ourTypes = types(ours.types.schema);
    const publishedTypes = types(parser.parse(contract('ApplicationService.xsd')).schema);
    for (const name of ['deposit', 'depositData', 'attachment', 'entry', 'depositResponse', 'depositResult', 'ApplicationFault']) {
      assert.deepEqual(ourTypes[name], publishedTypes[name], name);
    }
  });

  it('the realistic deposit fixtures validate against the published schema and against the served one', () => {
    const served = wsdl.slice(wsdl.indexOf('<xs:schema'), wsdl.indexOf('</xs:schema>') + '</xs:schema>'.length);
    writeFileSync(join(dir, 'served.xsd'), served);
    writeFileSync(join(dir, 'ApplicationService.xsd'), contract('ApplicationService.xsd'));
    const envelopes = [depositEnvelope({ token: 'x', id: 'if-1' }), depositEnvelope({ token: 'x', id: 'if-2', primaryXml: LEIHGERAET_XML, labelledXml: LEIHGERAET_LABELLED_XML })];
    envelopes.forEach((envelope, n) => {
      const file = join(dir, `deposit-${n}.xml`);
      writeFileSync(file, depositOf(envelope));
      for (const schema of ['ApplicationService.xsd', 'served.xsd']) {
        execFileSync('xmllint', ['--noout', '--schema', join(dir, schema), file], { stdio: 'pipe' });
      }
    });
    // The check can fail: an element out of the schema's order is refused.
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, depositOf(envelopes[0]!).replace('<caller>intelliForm</caller>', '').replace('<username>', '<caller>intelliForm</caller><username>'));
    assert.throws(() => execFileSync('xmllint', ['--noout', '--schema', join(dir, 'served.xsd'), broken], { stdio: 'pipe' }));
  });

  it('a GET without ?wsdl points to it', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/intake/intelliform' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /\?wsdl/);
  });
});
