import type { BlobStore } from '../../blobs/index.js';
import type { Trx } from '../../db/database.js';
import { tenantName } from '../../decisions/document.js';
import { AppError } from '../../shared/errors.js';
import { isUuid } from '../../shared/ids.js';
import type { XdomeaAnswerItem, XdomeaMessageType, XdomeaPackage, XdomeaParty } from '../contract.js';
import { planDocuments, type PlannedDocument, type PlannedFile } from './documents.js';
import { header } from './header.js';
import { packMessage, rootElementOf } from './package.js';
import { loadBundle, loadCases } from './repository.js';
import type { SchemaFamily } from './schemas.js';
import { assertValidOutgoing } from './validate.js';
import { vorgang } from './vorgang.js';
import { document, x } from './xml.js';

export interface CasesInput { tenantId: string; caseIds: string[]; processId: string; sender: XdomeaParty; receiver: XdomeaParty }

/** Refused before any work: a ProzessID that is no UUID or a party without Behördenkennung would only fail the schema later. */
function checkParties(input: { processId: string; sender: XdomeaParty; receiver: XdomeaParty }): void {
  if (!isUuid(input.processId)) throw new AppError('validation_failed', { field: 'processId', detail: 'Die ProzessID muss eine UUID sein.' });
  for (const [field, party] of [['sender', input.sender], ['receiver', input.receiver]] as const) {
    if (!party.authorityId.trim()) {
      throw new AppError('validation_failed', { field: `${field}.authorityId`, detail: `Die Behördenkennung ${field === 'sender' ? 'des Absenders' : 'des Empfängers'} fehlt.` });
    }
  }
}

const familyOf = (messageType: XdomeaMessageType): SchemaFamily => (messageType.startsWith('04') ? 'abgabe' : 'aussonderung');

/** The one exit of every builder: validates, then packs, so nothing invalid is ever returned. */
export async function finish(messageType: XdomeaMessageType, processId: string, xml: string, files: PlannedFile[]): Promise<XdomeaPackage> {
  assertValidOutgoing(xml, familyOf(messageType), messageType);
  return packMessage(processId, messageType, xml, files);
}

const filesOf = (docs: PlannedDocument[]): PlannedFile[] => docs.flatMap((d) => [...d.files, ...filesOf(d.annexes)]);

/** Header flags per message in schema order (NkAbgabeType, NkNichtFVDatenEinEmpfaengerMitEmpfangsbestaetigungType, NkAussonderungType). */
const FLAGS: Partial<Record<XdomeaMessageType, Array<[string, boolean]>>> = {
  '0401': [['Importbestaetigung', true], ['Empfangsbestaetigung', true]],
  '0501': [['Empfangsbestaetigung', true]],
  '0503': [['Importbestaetigung', true], ['RueckmeldungArchivkennung', true], ['Empfangsbestaetigung', true]],
};

/** 0401 and 0503 carry full cases, 0501 their metadata; the same Vorgang mapping for all three. */
export async function buildCaseMessage(trx: Trx, blobs: BlobStore, messageType: '0401' | '0501' | '0503', input: CasesInput): Promise<XdomeaPackage> {
  checkParties(input);
  const now = new Date();
  const cases = await loadCases(trx, input.tenantId, input.caseIds);
  const author = await tenantName(trx, input.tenantId);
  const objects = [];
  const files: PlannedFile[] = [];
  for (const kase of cases) {
    const bundle = await loadBundle(trx, input.tenantId, kase);
    const documents = await planDocuments(bundle, { withContent: messageType !== '0501', blobs, author, now });
    files.push(...filesOf(documents));
    objects.push(x('Schriftgutobjekt', [vorgang(bundle, documents)]));
  }
  const flags = (FLAGS[messageType] ?? []).map(([name, value]) => x(name, value));
  const xml = document(rootElementOf(messageType), [header({ ...input, messageType, createdAt: now }, flags), ...objects]);
  return finish(messageType, input.processId, xml, files);
}

/**
 * The confirmations the authority sends. In xdomea 3.0 the archive confirms receipt of the offer
 * (0504), the import and receipt of the disposal (0506, 0507); the authority confirms receipt of
 * the appraisal (0505). 0402/0403 are sent by the receiver of a hand-over, which Amtsdesk is not.
 */
export const AUTHORITY_CONFIRMATIONS: readonly XdomeaMessageType[] = ['0505'];

export async function buildConfirmation(input: { messageType: XdomeaMessageType; processId: string; sender: XdomeaParty; receiver: XdomeaParty; items: XdomeaAnswerItem[] }): Promise<XdomeaPackage> {
  if (!AUTHORITY_CONFIRMATIONS.includes(input.messageType)) {
    throw new AppError('unprocessable', {
      field: 'messageType',
      detail: `Die Nachricht ${input.messageType} sendet nach xdomea 3.0 nicht die Behörde; Amtsdesk bestätigt nur mit ${AUTHORITY_CONFIRMATIONS.join(', ')}.`,
    });
  }
  checkParties(input);
  const xml = document(rootElementOf(input.messageType), [header({ ...input, createdAt: new Date() })]);
  return finish(input.messageType, input.processId, xml, []);
}
