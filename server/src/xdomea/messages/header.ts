import type { XdomeaMessageType, XdomeaParty } from '../contract.js';
import { code, opt, x, xsDateTime, type Child, type Xml } from './xml.js';

const NACHRICHTENTYP = { listURI: 'urn:xoev-de:xdomea:codeliste:nachrichtentyp', listVersionID: '2.0' };

/**
 * One side of the exchange as xdomea's Kontakt: the Behördenkennung carries the configured
 * authority id as Behördenschlüssel (with the name), the institution its name. Amtsdesk sends no
 * person here: the message comes from the authority, not from a caseworker.
 */
export function contact(name: 'Absender' | 'Empfaenger', party: XdomeaParty): Xml {
  return x(name, [
    x('Behoerdenkennung', [code('Behoerdenschluessel', party.authorityId, { label: party.name || undefined })]),
    party.name ? x('Institution', [x('Name', party.name)]) : null,
  ]);
}

export interface HeaderInput {
  processId: string;
  messageType: XdomeaMessageType;
  sender: XdomeaParty;
  receiver: XdomeaParty;
  createdAt: Date;
  note?: string;
}

/**
 * nkNachrichtenkopf: NkBasisType, followed by the flags of the message's header type (e.g.
 * Importbestaetigung, Empfangsbestaetigung) in schema order.
 */
export function header(input: HeaderInput, flags: Child[] = []): Xml {
  return x('Kopf', [
    x('ProzessID', input.processId),
    code('Nachrichtentyp', input.messageType, NACHRICHTENTYP),
    x('Erstellungszeitpunkt', xsDateTime(input.createdAt)),
    contact('Absender', input.sender),
    contact('Empfaenger', input.receiver),
    x('SendendesSystem', [x('Produktname', 'Amtsdesk')]),
    opt('Hinweis', input.note),
    ...flags,
  ]);
}
