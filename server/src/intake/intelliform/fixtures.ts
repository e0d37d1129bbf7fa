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

export interface DepositOptions {
  id?: string;
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
  const extras = (o.extraAttachments ?? [])
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
<formId>baumfaellung-v2</formId><id>${o.id ?? `if-${Math.random().toString(36).slice(2)}`}</id>
<primaryDataAttachmentId>XML-Daten</primaryDataAttachmentId><primaryFormAttachmentId>PDF-Antrag</primaryFormAttachmentId>
<sender>afm-prod-01</sender><timestamp>2025-01-20T09:14:03.120+01:00</timestamp><username>renate.oeztuerk</username>
</data></ns:deposit></soapenv:Body></soapenv:Envelope>`;
}
