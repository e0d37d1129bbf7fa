// Test fixtures for the intelliForm channel, written from ApplicationService.wsdl/.xsd.
import { BACKEND_NS, SOAP_NS } from './xml.js';

/** Primary data of a tree-felling permit (Baumfällgenehmigung): nested, repeated, dates, booleans. */
export const BAUMFAELLUNG_XML = `<?xml version="1.0" encoding="UTF-8"?>
<Antrag xmlns="urn:example:baumfaellung">
  <Antragsteller label="Antragstellende Person">
    <Vorname label="Vorname">Renate</Vorname>
    <Nachname label="Nachname">Öztürk &amp; Söhne</Nachname>
    <Geburtsdatum label="Geburtsdatum">02.11.1968</Geburtsdatum>
    <Anschrift label="Anschrift">
      <Strasse label="Straße">Lindenallee</Strasse>
      <Hausnummer label="Hausnummer">7</Hausnummer>
      <PLZ label="Postleitzahl">80331</PLZ>
      <Ort label="Ort">München</Ort>
    </Anschrift>
  </Antragsteller>
  <Baum label="Baum">
    <Art label="Baumart">Rotbuche</Art>
    <Stammumfang label="Stammumfang in cm">180</Stammumfang>
    <Schaedlingsbefall label="Schädlingsbefall">true</Schaedlingsbefall>
  </Baum>
  <Baum label="Baum">
    <Art label="Baumart">Spitzahorn</Art>
    <Stammumfang label="Stammumfang in cm">95</Stammumfang>
    <Schaedlingsbefall label="Schädlingsbefall">false</Schaedlingsbefall>
  </Baum>
  <Faelltermin label="Gewünschter Fälltermin">2025-02-15</Faelltermin>
  <Ersatzpflanzung label="Ersatzpflanzung zugesagt">true</Ersatzpflanzung>
</Antrag>`;

/**
 * A school loan-device application as intelliForm's backend delivers it: the primary data in the
 * form's own XML (root myForm, transaction attributes in intelliForm's t: namespace, select fields
 * as their codes) …
 */
export const LEIHGERAET_XML = `<?xml version="1.0" encoding="UTF-8"?>
<myForm xmlns:t="http://xmlns.cit.de/intelliform/transaction" t:uuid="5f0c2a9e-8d4b-4c1e-9a57-3e2f1b7d6c40" t:id="20260112-101522-4711" t:timestamp="2026-01-12T10:15:22.481+01:00" t:sender="afm-test-01" t:form="Leihgerät für den Distanzunterricht" t:form-id="leihgeraet-schule/1.3" t:customer="Landeshauptstadt München" t:customer-id="lhm" t:client="Referat für Bildung und Sport" t:client-id="rbs">
  <antragsteller>
    <geschlecht>1</geschlecht>
    <vorname>Aylin</vorname>
    <nachname>Demir</nachname>
    <geburtsdatum>14.03.1984</geburtsdatum>
    <strasse>Zweibrückenstraße</strasse>
    <hausnummer>12a</hausnummer>
    <plz>80331</plz>
    <ort>München</ort>
    <mailadresse>aylin.demir@example.org</mailadresse>
  </antragsteller>
  <kind>
    <vorname_kind>Emre</vorname_kind>
    <schulart>3</schulart>
    <jahrgangsstufe>7</jahrgangsstufe>
  </kind>
  <geraet>
    <betriebssystem_pc>1</betriebssystem_pc>
    <internetzugang>false</internetzugang>
  </geraet>
  <einverstaendnis>true</einverstaendnis>
</myForm>`;

/**
 * … and the same data as intelliForm's labelled rendition: every element annotated with ifp:label
 * and ifp:type (intelliForm's pages annotation namespace), selected options with their text.
 */
export const LEIHGERAET_LABELLED_XML = `<?xml version="1.0" encoding="UTF-8"?>
<myForm xmlns:ifp="http://xmlns.cit.de/intelliform/pages/annotation/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="http://xmlns.cit.de/intelliform/transaction" t:id="20260112-101522-4711" t:form-id="leihgeraet-schule/1.3">
  <antragsteller ifp:label="Antragstellende Person (Erziehungsberechtigte)">
    <geschlecht ifp:label="Geschlecht" ifp:type="string" ifp:value-label="weiblich">1</geschlecht>
    <vorname ifp:label="Vorname" ifp:type="string">Aylin</vorname>
    <nachname ifp:label="Familienname" ifp:type="string">Demir</nachname>
    <geburtsdatum ifp:label="Geburtsdatum" ifp:type="date" xsi:type="xs:date">14.03.1984</geburtsdatum>
    <strasse ifp:label="Stra&#223;e" ifp:type="string">Zweibrückenstraße</strasse>
    <hausnummer ifp:label="Hausnummer:" ifp:type="string">12a</hausnummer>
    <plz ifp:label="Postleitzahl" ifp:type="string">80331</plz>
    <ort ifp:label="Ort" ifp:type="string">München</ort>
    <mailadresse ifp:label="E-Mail-Adresse" ifp:type="string">aylin.demir@example.org</mailadresse>
  </antragsteller>
  <kind ifp:label="Angaben zum Kind">
    <vorname_kind ifp:label="Vorname des Kindes" ifp:type="string">Emre</vorname_kind>
    <schulart ifp:label="Schulart" ifp:type="string" ifp:value-label="Gymnasium">3</schulart>
    <jahrgangsstufe ifp:label="Jahrgangsstufe" ifp:type="decimal" xsi:type="xs:decimal">7</jahrgangsstufe>
  </kind>
  <geraet ifp:label="Gewünschtes Gerät">
    <betriebssystem_pc ifp:label="Betriebssystem des PCs zu Hause" ifp:type="string" ifp:value-label="Windows">1</betriebssystem_pc>
    <internetzugang ifp:label="Internetzugang zu Hause vorhanden" ifp:type="boolean" xsi:type="xs:boolean">false</internetzugang>
  </geraet>
  <einverstaendnis ifp:label="Ich bin damit einverstanden, dass meine Angaben zur Bearbeitung verarbeitet werden." ifp:type="boolean" xsi:type="xs:boolean">true</einverstaendnis>
</myForm>`;

export interface DepositOptions {
  id?: string;
  formId?: string;
  /** Sent as a further XML attachment, as intelliForm sends its labelled rendition. */
  labelledXml?: string;
  token?: string;
  primaryXml?: string;
  extraAttachments?: Array<{ id: string; name: string; contentType: string; content: Buffer }>;
  customParameters?: Record<string, string>;
  rawPrimaryBase64?: string;
}

const entry = (key: string, value: string) => `<key>${key}</key><value>${value}</value>`;

export function depositEnvelope(o: DepositOptions = {}): string {
  const primary = o.rawPrimaryBase64 ?? Buffer.from(o.primaryXml ?? BAUMFAELLUNG_XML, 'utf8').toString('base64');
  const params = { leikaId: '99104005000000', zustaendigeStelle: '09162000', ...o.customParameters };
  const security = o.token
    ? `<soapenv:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken><wsse:Username>intelliform</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">${o.token}</wsse:Password></wsse:UsernameToken></wsse:Security></soapenv:Header>`
    : '';
  const labelled = o.labelledXml
    ? `<attachments><content>${Buffer.from(o.labelledXml, 'utf8').toString('base64')}</content><contentType>text/xml</contentType><description>Formulardaten mit Beschriftungen</description><id>XML-Daten-beschriftet</id><name>Antragsdaten-beschriftet.xml</name></attachments>`
    : '';
  const extras = labelled + (o.extraAttachments ?? [])
    .map((a) => `<attachments><content>${a.content.toString('base64')}</content><contentType>${a.contentType}</contentType><id>${a.id}</id><name>${a.name}</name></attachments>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="${SOAP_NS}" xmlns:ns="${BACKEND_NS}">${security}<soapenv:Body><ns:deposit><data>
<attachments>
  <attributes>${entry('bayernid.postkorbhandle', 'pk-7f3a9c21-bayernid')}</attributes>
  <attributes>${entry('loginLevel', 'STORK-QAA-Level-3')}</attributes>
  <attributes>${entry('accountType', 'BAYERN_ID')}</attributes>
  <content>${primary}</content><contentType>text/xml</contentType><description>Formulardaten</description><id>XML-Daten</id><name>Antragsdaten.xml</name>
</attachments>
${extras}
<caller>intelliForm</caller><client>Landeshauptstadt München</client><clientId>09162000</clientId>
${Object.entries(params).map(([k, v]) => `<customParameters>${entry(k, v)}</customParameters>`).join('')}
<formId>${o.formId ?? 'baumfaellung-v2'}</formId><id>${o.id ?? `if-${Math.random().toString(36).slice(2)}`}</id>
<primaryDataAttachmentId>XML-Daten</primaryDataAttachmentId><primaryFormAttachmentId>PDF-Antrag</primaryFormAttachmentId>
<sender>afm-prod-01</sender><timestamp>2025-01-20T09:14:03.120+01:00</timestamp><username>renate.oeztuerk</username>
</data></ns:deposit></soapenv:Body></soapenv:Envelope>`;
}
