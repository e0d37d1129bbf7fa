import { XmlDocument, type XmlNode } from 'libxml2-wasm';
import { assertNoDtd } from '../../intake/intelliform/xml.js';
import { AppError } from '../../shared/errors.js';
import type { IncomingXdomea, XdomeaAnswerItem, XdomeaMessageType, XdomeaParty } from '../contract.js';
import { rootElementOf } from './package.js';
import { problemsOf, SAFE_PARSE } from './validate.js';
import { XDOMEA_NS } from './xml.js';

/** Answers are small (a header and one line per object); anything larger is refused before parsing. */
export const MAX_INCOMING_BYTES = 8 * 1024 * 1024;

/** What the DMS and the archive send us (xdomea 3.0 assigns 0505 to the authority, 0401/0501/0503 are ours). */
const INCOMING: readonly XdomeaMessageType[] = ['0402', '0403', '0502', '0504', '0506', '0507'];

const NS = { xdomea: XDOMEA_NS };
const refuse = (detail: string, internal?: string, field = 'body') => new AppError('xdomea_message_invalid', { field, detail, internal });

function decodeUtf8(xml: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(xml).replace(/^\uFEFF/, '');
  } catch {
    throw refuse('Die xdomea-Nachricht ist nicht UTF-8-kodiert.');
  }
}

const text = (node: XmlNode, path: string) => node.get(path, NS)?.content.trim() ?? '';

function party(kopf: XmlNode, element: 'Absender' | 'Empfaenger'): XdomeaParty {
  const base = `xdomea:${element}`;
  return {
    authorityId: text(kopf, `${base}/xdomea:Behoerdenkennung/xdomea:Behoerdenschluessel/code`),
    name: text(kopf, `${base}/xdomea:Behoerdenkennung/xdomea:Behoerdenschluessel/name`) || text(kopf, `${base}/xdomea:Institution/xdomea:Name`),
  };
}

/** Error texts and codes of one object, as the receiver wrote them. */
function reasonOf(node: XmlNode): string | undefined {
  const texts = node.find('xdomea:Fehlermeldung', NS).map((n) => n.content.trim());
  const codes = node.find('xdomea:FehlermeldungCode', NS).map((n) => [text(n, 'code'), text(n, 'name')].filter(Boolean).join(' '));
  const reason = [...texts, ...codes].filter(Boolean).join('; ');
  return reason || undefined;
}

function itemsOf(root: XmlNode, messageType: XdomeaMessageType): XdomeaAnswerItem[] {
  if (messageType === '0402' || messageType === '0506') {
    const element = messageType === '0402' ? 'AbgegebenesObjekt' : 'AusgesondertesSGO';
    return root.find(`xdomea:${element}`, NS).map((n) => {
      const ok = ['1', 'true'].includes(text(n, 'xdomea:Erfolgreich'));
      const reference = messageType === '0506' ? text(n, 'xdomea:Archivkennung') : '';
      return { objectId: text(n, 'xdomea:IDSGO').toLowerCase(), outcome: ok ? 'imported' : 'error', ...(reference ? { reference } : {}), ...(reasonOf(n) ? { reason: reasonOf(n) } : {}) };
    });
  }
  if (messageType === '0502') {
    return root.find('xdomea:BewertetesObjekt', NS).map((n) => {
      const objectId = text(n, 'xdomea:ID').toLowerCase();
      const appraisal = text(n, 'xdomea:Aussonderungsart/xdomea:Aussonderungsart/code');
      // A Bewertungsverzeichnis decides: A (archive) or V (destroy). "B" or a free-text
      // appraisal is no decision; acting on a guess could destroy what the archive wants.
      if (appraisal !== 'A' && appraisal !== 'V') {
        throw refuse(`Das Bewertungsverzeichnis enthält für das Objekt ${objectId} keine Entscheidung „A“ (archivieren) oder „V“ (vernichten).`, undefined, 'BewertetesObjekt');
      }
      return { objectId, outcome: appraisal === 'A' ? 'archive' : 'destroy' };
    });
  }
  return []; // 0403, 0504, 0507: receipts for the whole process, no objects
}

/**
 * An answer from the DMS or the archive: bounded, UTF-8, no DTD or entity (refused before the
 * parser runs, like the intelliForm channel), parsed by libxml2 without network or external
 * entities, XSD-validated, then mapped. Anything wrong throws and nothing else happens.
 */
export function parseIncoming(body: Buffer, unzip: (zip: Buffer, maxBytes: number) => Buffer): IncomingXdomea {
  if (body.length > MAX_INCOMING_BYTES) throw refuse('Die xdomea-Nachricht ist zu groß.', `body of ${body.length} bytes`);
  const raw = body.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) ? unzip(body, MAX_INCOMING_BYTES) : body;
  const xml = decodeUtf8(raw);
  try {
    assertNoDtd(xml, 'xdomea');
  } catch {
    throw refuse('Die xdomea-Nachricht enthält eine Dokumenttyp-Deklaration (DTD/ENTITY); das ist nicht erlaubt.');
  }
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml, { option: SAFE_PARSE });
  } catch (error) {
    throw refuse('Die xdomea-Nachricht ist kein wohlgeformtes XML.', String((error as Error).message).slice(0, 200));
  }
  try {
    const root = doc.root;
    const messageType = INCOMING.find((t) => rootElementOf(t) === root.name);
    if (root.namespaceUri !== XDOMEA_NS || !messageType) {
      throw refuse('Die Nachricht ist keine xdomea-3.0-Antwort, die Amtsdesk erwartet (0402, 0403, 0502, 0504, 0506 oder 0507).', `root ${root.namespaceUri} ${root.name}`);
    }
    const problems = problemsOf(doc, messageType.startsWith('04') ? 'abgabe' : 'aussonderung');
    if (problems.length) {
      const where = problems[0]!.path.replace(/\/[a-zA-Z0-9_-]+:/g, '/').replace(/^\//, '') || root.name;
      throw refuse(`Die xdomea-Nachricht ${messageType} entspricht nicht dem Schema (Element ${where}).`,
        problems.map((p) => `${p.path} (line ${p.line}): ${p.message}`).join(' | '), where);
    }
    const kopf = root.get('xdomea:Kopf', NS)!;
    return { messageType, processId: text(kopf, 'xdomea:ProzessID').toLowerCase(), sender: party(kopf, 'Absender'), receiver: party(kopf, 'Empfaenger'), items: itemsOf(root, messageType) };
  } finally {
    doc.dispose();
  }
}
