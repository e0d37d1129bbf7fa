import { AppError } from '../src/shared/errors.js';
import type { IncomingXdomea, XdomeaAnswerItem, XdomeaMessageBuilders, XdomeaMessageType, XdomeaPackage, XdomeaParty } from '../src/xdomea/contract.js';
import { packageFileName, MESSAGE_NAMES } from '../src/xdomea/names.js';
import { kopf, NS, readMessage, zipMessage } from './xdomea-xml.js';

/**
 * A STAND-IN for the xdomea message builders (server/src/xdomea/messages, built on a parallel
 * branch): packages with a minimal message XML that carries the ProzessID, both parties and one
 * Vorgang per case (its id) — enough for the transports, processes and stand-in receivers to be
 * tested for real. It does not build schema-valid 0401/0501/0503; at merge the tests switch to
 * the real builders. `invalid` simulates a message that fails schema validation.
 */
export interface TestBuilders extends XdomeaMessageBuilders {
  invalid: Set<XdomeaMessageType>;
  built: Array<{ type: XdomeaMessageType; processId: string; caseIds: string[] }>;
}

export function xdomeaTestBuilders(): TestBuilders {
  const invalid = new Set<XdomeaMessageType>();
  const built: TestBuilders['built'] = [];
  async function pack(type: XdomeaMessageType, input: { processId: string; sender: XdomeaParty; receiver: XdomeaParty; caseIds: string[] }): Promise<XdomeaPackage> {
    if (invalid.has(type)) throw new AppError('unprocessable', { detail: `Die Nachricht ${type} entspricht nicht dem xdomea-Schema (Element „Vorgang“ fehlt).` });
    built.push({ type, processId: input.processId, caseIds: input.caseIds });
    const name = `${MESSAGE_NAMES[type]}.${type}`;
    const vorgaenge = input.caseIds.map((id) => `<xdomea:Schriftgutobjekt><xdomea:Vorgang><xdomea:Identifikation><xdomea:ID>${id}</xdomea:ID></xdomea:Identifikation></xdomea:Vorgang></xdomea:Schriftgutobjekt>`).join('');
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<xdomea:${name} xmlns:xdomea="${NS}">${kopf({ processId: input.processId, type, sender: input.sender, receiver: input.receiver })}${vorgaenge}</xdomea:${name}>\n`;
    const fileName = packageFileName(input.processId, type);
    return { processId: input.processId, messageType: type, fileName, zip: await zipMessage(fileName.replace(/\.zip$/, ''), xml) };
  }
  return {
    invalid,
    built,
    handover: (_trx, input) => pack('0401', input),
    offer: (_trx, input) => pack('0501', input),
    disposal: (_trx, input) => pack('0503', input),
    confirmation: (input) => pack(input.messageType, { ...input, caseIds: [] }),
    async parse(body): Promise<IncomingXdomea> {
      let message;
      try {
        message = readMessage(body);
      } catch {
        throw new AppError('unprocessable', { detail: 'Die Nachricht ist kein gültiges xdomea.' });
      }
      const items: XdomeaAnswerItem[] = [];
      const root = message.root;
      for (const o of (root.AbgegebenesObjekt ?? []) as Array<Record<string, any>>) {
        items.push({ objectId: String(o.IDSGO), outcome: o.Erfolgreich === 'true' ? 'imported' : 'error', ...(o.Fehlermeldung ? { reason: String(o.Fehlermeldung[0]) } : {}) });
      }
      for (const o of (root.BewertetesObjekt ?? []) as Array<Record<string, any>>) {
        items.push({ objectId: String(o.ID), outcome: o.Aussonderungsart?.Aussonderungsart?.code === 'V' ? 'destroy' : 'archive' });
      }
      for (const o of (root.AusgesondertesSGO ?? []) as Array<Record<string, any>>) {
        items.push({
          objectId: String(o.IDSGO), outcome: o.Erfolgreich === 'true' ? 'imported' : 'error',
          ...(o.Fehlermeldung ? { reason: String(o.Fehlermeldung[0]) } : {}), ...(o.Archivkennung ? { reference: String(o.Archivkennung) } : {}),
        });
      }
      return {
        messageType: message.type as XdomeaMessageType, processId: message.processId,
        sender: { authorityId: message.sender, name: '' }, receiver: { authorityId: message.receiver, name: '' }, items,
      };
    },
  };
}

/** A records office (caseworker, admin, two records officers) with xdomea set up: own Behördenkennung, one target. */
export const OWN_AUTHORITY = 'MUSTERSTADT-BA';
export const DMS_AUTHORITY = 'EAKTE-MUSTER';
export const ARCHIVE_AUTHORITY = 'STADTARCHIV';
export const SHARED_SECRET = 'geheimer-gemeinsamer-schluessel-0123456789';
