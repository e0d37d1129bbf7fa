import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { withTenant } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { describeEachDatabase } from '../../../test/db.js';
import { createCase, createTenant } from '../../../test/factories.js';
import { richCase, xdomeaWorld, xmllintSchema, type XdomeaWorld } from '../../../test/xdomea-kit.js';
import type { XdomeaPackage } from '../contract.js';
import { createXdomeaMessages } from './index.js';
import { readZipEntries } from './unzip.js';

const AMT = { authorityId: 'psw:01054117', name: 'Gemeinde Süderlügum' };
const DMS = { authorityId: 'dms:süderlügum-eakte', name: 'E-Akte Süderlügum' };
const ARCHIV = { authorityId: 'LASH', name: 'Landesarchiv Schleswig-Holstein' };

function unpack(pkg: XdomeaPackage) {
  const entries = readZipEntries(pkg.zip, 64 * 1024 * 1024);
  const xmlName = [...entries.keys()].find((n) => n.endsWith('.xml'))!;
  return { entries, xmlName, xml: entries.get(xmlName)!.toString('utf8') };
}

/** Every Dokument's files: name → [format code, hash as written]. */
function filesInXml(xml: string) {
  const files = new Map<string, { code: string }>();
  for (const m of xml.matchAll(/<xdomea:Format><xdomea:Name[^>]*><code>(\d+)<\/code><\/xdomea:Name>(?:<xdomea:SonstigerName>[^<]*<\/xdomea:SonstigerName>)?<xdomea:Version>[^<]*<\/xdomea:Version><xdomea:Primaerdokument><xdomea:Dateiname>([^<]+)<\/xdomea:Dateiname>/g)) {
    files.set(m[2]!, { code: m[1]! });
  }
  const hashes = new Map([...xml.matchAll(/<xdomea:Feld><xdomea:Name>SHA-256<\/xdomea:Name><xdomea:Beschreibung>([^<]+)<\/xdomea:Beschreibung><xdomea:Wert>([0-9a-f]{64})<\/xdomea:Wert>/g)].map((m) => [m[1]!, m[2]!]));
  return { files, hashes };
}

describeEachDatabase('xdomea messages: 0401, 0501, 0503 and 0505 built from real cases, valid against the published schemas', (t) => {
  let w: XdomeaWorld;
  let kase: Awaited<ReturnType<typeof richCase>>;
  before(async () => {
    w = await xdomeaWorld(t);
    kase = await richCase(t, w);
  });
  after(async () => w.test.close());

  const messages = () => createXdomeaMessages({ blobs: w.test.blobs });
  const asTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db, { tenantId: w.tenant.id }, fn);

  it('0401 Abgabe: the case as Vorgang with every document and file, hashes that match, validated by libxml2-wasm and by xmllint', async () => {
    const processId = randomUUID();
    const pkg = await asTenant((trx) => messages().handover(trx, { tenantId: w.tenant.id, caseIds: [kase.id], processId, sender: AMT, receiver: DMS }));
    assert.equal(pkg.fileName, `${processId}_Abgabe.Abgabe.0401.zip`);
    assert.equal(pkg.messageType, '0401');
    const { entries, xmlName, xml } = unpack(pkg);
    assert.equal(xmlName, `${processId}_Abgabe.Abgabe.0401.xml`);
    await xmllintSchema(xml, 'AbgabeDurchfuehren');

    assert.match(xml, new RegExp(`<xdomea:Kennzeichen>${kase.caseNumber}</xdomea:Kennzeichen>`));
    assert.match(xml, /<xdomea:Betreff>Anmeldung Hündin „Bärbel“ – Große Straße<\/xdomea:Betreff>/);
    assert.match(xml, /<xdomea:Typ>Hundesteuer – Anmeldung für Hündinnen und Rüden<\/xdomea:Typ>/);
    assert.match(xml, /<xdomea:Behoerdenschluessel><code>psw:01054117<\/code><name>Gemeinde Süderlügum<\/name>/);
    assert.match(xml, /<xdomea:Empfaenger><xdomea:Behoerdenkennung><xdomea:Behoerdenschluessel><code>dms:süderlügum-eakte<\/code>/);
    assert.match(xml, /<xdomea:ZdA>1<\/xdomea:ZdA>/, 'a closed case is zdA');
    assert.match(xml, /<xdomea:Wert>closed<\/xdomea:Wert>/, 'the status travels');
    assert.match(xml, new RegExp(`<xdomea:Vorgang><xdomea:Identifikation><xdomea:ID>${kase.id}</xdomea:ID>`), 'the Vorgang is named by the case id');

    const { files, hashes } = filesInXml(xml);
    const originals = [...xml.matchAll(/<xdomea:DateinameOriginal>([^<]+)</g)].map((m) => m[1]);
    for (const name of ['Antrag.pdf', 'Antragsdaten.json', 'Impfpass Bärbel.pdf', 'Foto Hündin.png', 'Merkblatt Gebühren.pdf', 'Sachkundenachweis Weißmüller.pdf', 'Nachricht.txt', 'Bearbeitungsprotokoll.pdf']) {
      assert.ok(originals.includes(name), `${name} is in the message`);
    }
    assert.equal(originals.filter((n) => n === 'Nachricht.txt').length, 3, 'the message, the reply and the decision\'s cover message');
    assert.equal(files.size, entries.size - 1, 'every file in the ZIP is named in the XML and the other way round');
    for (const [name, { code }] of files) {
      const content = entries.get(name);
      assert.ok(content, `${name} is in the ZIP`);
      assert.equal(hashes.get(name), createHash('sha256').update(content).digest('hex'), `${name}: the hash in the XML is the file's`);
      if (name.endsWith('_Antrag.pdf') || name.endsWith('_Bearbeitungsprotokoll.pdf')) {
        assert.equal(code, '044', `${name} is our PDF/A`);
        assert.match(content.toString('latin1'), /pdfaid:part/);
      }
      if (name.endsWith('Impfpass Bärbel.pdf')) assert.equal(code, '018', 'an uploaded PDF is plain PDF');
      if (name.endsWith('Foto Hündin.png')) assert.equal(code, '019');
      if (name.endsWith('Nachricht.txt')) assert.equal(code, '045');
    }
    assert.match(xml, /<code>100<\/code><\/xdomea:Name><xdomea:SonstigerName>application\/json<\/xdomea:SonstigerName>/, 'JSON is not in the code list: Sonstiges, named');
    const data = JSON.parse([...entries].find(([n]) => n.endsWith('_Antragsdaten.json'))![1].toString('utf8'));
    assert.equal(data.formData[0].formItems[0].stringValue, 'Großer Münsterländer', 'the structured data as it arrived');

    // The decision PDF is its own Dokument, the files of messages are annexes of their message.
    const decision = files.get([...files.keys()].find((n) => n.startsWith(kase.decisionAttachmentId))!);
    assert.ok(decision, 'the decision PDF is in the message');
    assert.equal(xml.split(`<xdomea:Dateiname>${kase.decisionAttachmentId}_`).length - 1, 1, 'once, not again as an annex of the message that sent it');
    assert.match(xml, new RegExp(`<xdomea:ID>${kase.decisionId}</xdomea:ID>[\\s\\S]*?<xdomea:Typ>Bescheid</xdomea:Typ>`));
    assert.match(xml, /<xdomea:Betreff>Rückfrage zur Größe<\/xdomea:Betreff>[\s\S]*?<xdomea:Anlage>[\s\S]*?Merkblatt Gebühren\.pdf/, 'the file sent with the message is its annex');
    assert.match(xml, /<xdomea:Betreff>AW: Rückfrage zur Größe<\/xdomea:Betreff><\/xdomea:AllgemeineMetadaten><xdomea:Posteingangsdatum>/, 'the reply is incoming post');
    assert.match(xml, /<xdomea:HistorienProtokollInformation><xdomea:MetadatumName>Status<\/xdomea:MetadatumName><xdomea:MetadatumAlterWert>Beschieden<\/xdomea:MetadatumAlterWert><xdomea:MetadatumNeuerWert>Abgeschlossen</);
  });

  it('0501 Anbieteverzeichnis: metadata only with the appraisal, no file; 0503 Aussonderung: full content; both schema-valid', async () => {
    const processId = randomUUID();
    const offer = await asTenant((trx) => messages().offer(trx, { tenantId: w.tenant.id, caseIds: [kase.id], processId, sender: AMT, receiver: ARCHIV }));
    const o = unpack(offer);
    assert.equal(offer.fileName, `${processId}_Aussonderung.Anbieteverzeichnis.0501.zip`);
    assert.equal(o.entries.size, 1, 'only the XML');
    assert.doesNotMatch(o.xml, /<xdomea:Version>/);
    assert.match(o.xml, /<xdomea:Aussonderungsart listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart" listVersionID="1.0"><code>B<\/code>/, 'the built-in rule appraises B');
    assert.match(o.xml, /<xdomea:Empfangsbestaetigung>1<\/xdomea:Empfangsbestaetigung><\/xdomea:Kopf>/);
    await xmllintSchema(o.xml, 'AussonderungDurchfuehren');

    const disposal = await asTenant((trx) => messages().disposal(trx, { tenantId: w.tenant.id, caseIds: [kase.id], processId, sender: AMT, receiver: ARCHIV }));
    const d = unpack(disposal);
    assert.equal(d.xmlName, `${processId}_Aussonderung.Aussonderung.0503.xml`);
    assert.match(d.xml, /<xdomea:Importbestaetigung>1<\/xdomea:Importbestaetigung><xdomea:RueckmeldungArchivkennung>1<\/xdomea:RueckmeldungArchivkennung>/);
    assert.ok(d.entries.size >= 10, `the files travel (${d.entries.size} entries)`);
    await xmllintSchema(d.xml, 'AussonderungDurchfuehren');
  });

  it('several cases in one message; another tenant\'s case or an unknown one is 404 and nothing is built', async () => {
    const second = await createCase(t.db, { tenant: w.tenant, serviceId: w.service.id, title: 'Zweithund – Überprüfung' });
    const both = await asTenant((trx) => messages().offer(trx, { tenantId: w.tenant.id, caseIds: [kase.id, second.id], processId: randomUUID(), sender: AMT, receiver: ARCHIV }));
    assert.equal([...unpack(both).xml.matchAll(/<xdomea:Vorgang>/g)].length, 2);

    const foreign = await createCase(t.db, { tenant: await createTenant(t.db) });
    for (const caseIds of [[kase.id, foreign.id], [randomUUID()]]) {
      await assert.rejects(
        asTenant((trx) => messages().handover(trx, { tenantId: w.tenant.id, caseIds, processId: randomUUID(), sender: AMT, receiver: DMS })),
        (e: unknown) => e instanceof AppError && e.code === 'not_found',
      );
    }
  });

  it('0505 is the one confirmation the authority sends; 0402/0504/0506/0507 are the receiver\'s and are refused', async () => {
    const processId = randomUUID();
    const pkg = await messages().confirmation({ messageType: '0505', processId, sender: AMT, receiver: ARCHIV, items: [] });
    const { xml, xmlName } = unpack(pkg);
    assert.equal(xmlName, `${processId}_Aussonderung.BewertungEmpfangBestaetigen.0505.xml`);
    await xmllintSchema(xml, 'AussonderungDurchfuehren');
    for (const messageType of ['0402', '0403', '0504', '0506', '0507'] as const) {
      await assert.rejects(messages().confirmation({ messageType, processId, sender: AMT, receiver: ARCHIV, items: [] }), (e: unknown) => e instanceof AppError && e.code === 'unprocessable');
    }
    await assert.rejects(messages().confirmation({ messageType: '0505', processId: 'keine-uuid', sender: AMT, receiver: ARCHIV, items: [] }),
      (e: unknown) => e instanceof AppError && e.field === 'processId');
    await assert.rejects(messages().confirmation({ messageType: '0505', processId, sender: { authorityId: ' ', name: 'x' }, receiver: ARCHIV, items: [] }),
      (e: unknown) => e instanceof AppError && e.field === 'sender.authorityId');
  });
});
