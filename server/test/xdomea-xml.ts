import { XMLParser } from 'fast-xml-parser';
import { readZip } from './subject-kit.js';
import { ZipWriter } from '../src/records/subject-rights/zip.js';

/*
 * xdomea 3.0 XML as the stand-ins write and read it (test code, never production): the Kopf every
 * message has, the answers a DMS and an archive send (0402/0403, 0502/0504/0506/0507, written from
 * the patterns in shared/oracles/xdomea-3.0.0/patterns/ and checked with xmllint in
 * xdomea-standins.test.ts), and a reader for the packages we send them.
 */

export const NS = 'urn:xoev-de:xdomea:schema:3.0.0';

export const ANSWER_NAMES: Record<string, string> = {
  '0402': 'Abgabe.ImportBestaetigen', '0403': 'Abgabe.EmpfangBestaetigen',
  '0502': 'Aussonderung.Bewertungsverzeichnis', '0504': 'Aussonderung.AnbietungEmpfangBestaetigen',
  '0506': 'Aussonderung.AussonderungImportBestaetigen', '0507': 'Aussonderung.AussonderungEmpfangBestaetigen',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function party(tag: 'Absender' | 'Empfaenger', authorityId: string, name: string): string {
  return `<xdomea:${tag}><xdomea:Behoerdenkennung><xdomea:Behoerdenschluessel><code>${esc(authorityId)}</code><name>${esc(name)}</name></xdomea:Behoerdenschluessel></xdomea:Behoerdenkennung>`
    + `<xdomea:Institution><xdomea:Name>${esc(name)}</xdomea:Name></xdomea:Institution></xdomea:${tag}>`;
}

export interface Head { processId: string; type: string; sender: { authorityId: string; name: string }; receiver: { authorityId: string; name: string } }

export function kopf(head: Head, extra = ''): string {
  return `<xdomea:Kopf><xdomea:ProzessID>${head.processId}</xdomea:ProzessID><xdomea:Nachrichtentyp><code>${head.type}</code></xdomea:Nachrichtentyp>`
    + `<xdomea:Erstellungszeitpunkt>${new Date().toISOString().slice(0, 19)}</xdomea:Erstellungszeitpunkt>`
    + party('Absender', head.sender.authorityId, head.sender.name) + party('Empfaenger', head.receiver.authorityId, head.receiver.name)
    + `<xdomea:SendendesSystem><xdomea:Produktname>Amtsdesk xdomea-Stand-in</xdomea:Produktname><xdomea:Version>1</xdomea:Version></xdomea:SendendesSystem>${extra}</xdomea:Kopf>`;
}

export interface AnswerObject { id: string; ok?: boolean; error?: string; appraisal?: 'A' | 'V'; archiveId?: string }

/** One answer message (0402, 0403, 0502, 0504, 0506, 0507) as xdomea 3.0 XML. */
export function answerXml(head: Head, objects: AnswerObject[] = []): string {
  const name = `${ANSWER_NAMES[head.type]}.${head.type}`;
  let body = '';
  if (head.type === '0402') {
    body = objects.map((o) => `<xdomea:AbgegebenesObjekt><xdomea:IDSGO>${o.id}</xdomea:IDSGO><xdomea:Erfolgreich>${o.ok === false ? 'false' : 'true'}</xdomea:Erfolgreich>`
      + (o.ok === false ? `<xdomea:Fehlermeldung>${esc(o.error ?? 'Import fehlgeschlagen')}</xdomea:Fehlermeldung>` : '') + '</xdomea:AbgegebenesObjekt>').join('');
  } else if (head.type === '0502') {
    body = objects.map((o) => `<xdomea:BewertetesObjekt><xdomea:ID>${o.id}</xdomea:ID><xdomea:Aussonderungsart><xdomea:Aussonderungsart listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart" listVersionID="1.0"><code>${o.appraisal ?? 'A'}</code></xdomea:Aussonderungsart></xdomea:Aussonderungsart></xdomea:BewertetesObjekt>`).join('');
  } else if (head.type === '0506') {
    body = objects.map((o) => `<xdomea:AusgesondertesSGO><xdomea:IDSGO>${o.id}</xdomea:IDSGO><xdomea:Erfolgreich>${o.ok === false ? 'false' : 'true'}</xdomea:Erfolgreich>`
      + (o.ok === false ? `<xdomea:Fehlermeldung>${esc(o.error ?? 'Übernahme fehlgeschlagen')}</xdomea:Fehlermeldung>` : '')
      + (o.ok !== false && o.archiveId ? `<xdomea:Archivkennung>${esc(o.archiveId)}</xdomea:Archivkennung>` : '') + '</xdomea:AusgesondertesSGO>').join('');
  }
  const extra = head.type === '0502' ? '<xdomea:Empfangsbestaetigung>true</xdomea:Empfangsbestaetigung>' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<xdomea:${name} xmlns:xdomea="${NS}">${kopf(head, extra)}${body}</xdomea:${name}>\n`;
}

/** The standard ZIP: the message XML, named after the ProzessID. */
export async function zipMessage(fileBase: string, xml: string, files: Array<{ name: string; content: Buffer }> = []): Promise<Buffer> {
  const zip = new ZipWriter();
  const chunks: Buffer[] = [];
  zip.output.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { zip.output.on('end', resolve); zip.output.on('error', reject); });
  await zip.add(`${fileBase}.xml`, Buffer.from(xml, 'utf8'));
  for (const f of files) await zip.add(f.name, f.content);
  await zip.finish();
  await done;
  return Buffer.concat(chunks);
}

const parser = new XMLParser({ removeNSPrefix: true, processEntities: false, ignoreAttributes: true, parseTagValue: false, isArray: (name) => ['Vorgang', 'AbgegebenesObjekt', 'BewertetesObjekt', 'AusgesondertesSGO', 'Schriftgutobjekt', 'Fehlermeldung'].includes(name) });

/** The message XML of a package (a ZIP with one .xml, or bare XML). */
export function messageXmlOf(body: Buffer): string {
  if (body.subarray(0, 2).toString('latin1') === 'PK') {
    const files = readZip(body);
    const xml = [...files.entries()].find(([n]) => n.endsWith('.xml'));
    if (!xml) throw new Error('package without message XML');
    return xml[1].toString('utf8');
  }
  return body.toString('utf8');
}

export interface ReadMessage {
  type: string; processId: string; sender: string; receiver: string; root: Record<string, any>;
  /** IDs of the Vorgänge (Schriftgutobjekt/Vorgang/Identifikation/ID). */
  vorgangIds: string[];
}

/** Reads the head and the Vorgänge of a message; throws on anything that is not one. */
export function readMessage(body: Buffer): ReadMessage {
  const xml = messageXmlOf(body);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Error('DTD not allowed');
  const doc = parser.parse(xml) as Record<string, any>;
  const rootName = Object.keys(doc).find((k) => /\.\d{4}$/.test(k));
  if (!rootName) throw new Error('no xdomea message');
  const root = doc[rootName] as Record<string, any>;
  const head = root.Kopf as Record<string, any> | undefined;
  if (!head?.ProzessID || !head?.Nachrichtentyp?.code) throw new Error('no Kopf');
  const vorgangIds = ((root.Schriftgutobjekt ?? []) as Array<Record<string, any>>)
    .flatMap((s) => (s.Vorgang ?? []) as Array<Record<string, any>>)
    .map((v) => String(v.Identifikation?.ID ?? ''))
    .filter(Boolean);
  return {
    type: String(head.Nachrichtentyp.code), processId: String(head.ProzessID),
    sender: String(head.Absender?.Behoerdenkennung?.Behoerdenschluessel?.code ?? ''),
    receiver: String(head.Empfaenger?.Behoerdenkennung?.Behoerdenschluessel?.code ?? ''),
    root, vorgangIds,
  };
}
