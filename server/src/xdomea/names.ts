import type { XdomeaMessageType } from './contract.js';

/** The standard's message names (xdomea 3.0), as part of the package file name. */
export const MESSAGE_NAMES: Record<XdomeaMessageType, string> = {
  '0401': 'Abgabe.Abgabe',
  '0402': 'Abgabe.ImportBestaetigen',
  '0403': 'Abgabe.EmpfangBestaetigen',
  '0501': 'Aussonderung.Anbieteverzeichnis',
  '0502': 'Aussonderung.Bewertungsverzeichnis',
  '0503': 'Aussonderung.Aussonderung',
  '0504': 'Aussonderung.AnbietungEmpfangBestaetigen',
  '0505': 'Aussonderung.BewertungEmpfangBestaetigen',
  '0506': 'Aussonderung.AussonderungImportBestaetigen',
  '0507': 'Aussonderung.AussonderungEmpfangBestaetigen',
};

/** `<ProzessID>_<Nachrichtenname>.<Nummer>.zip`: one name per message of a process, also the receiver's idempotency key. */
export function packageFileName(processId: string, type: XdomeaMessageType): string {
  return `${processId}_${MESSAGE_NAMES[type]}.${type}.zip`;
}

/** Answers we accept per process kind (what the receiver sends us). */
export const ANSWERS: Record<'handover' | 'aussonderung', readonly XdomeaMessageType[]> = {
  handover: ['0402', '0403'],
  aussonderung: ['0502', '0504', '0506', '0507'],
};
