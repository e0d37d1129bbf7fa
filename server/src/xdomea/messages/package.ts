import { ZipWriter } from '../../records/subject-rights/zip.js';
import type { XdomeaMessageType, XdomeaPackage } from '../contract.js';
import type { PlannedFile } from './documents.js';
import { shippedCodeLists } from './schemas.js';

/** The root element name of a message type from the shipped Nachrichtentyp code list: 0401 → Abgabe.Abgabe.0401. */
export function rootElementOf(messageType: XdomeaMessageType): string {
  const name = shippedCodeLists().nachrichtentyp.get(messageType);
  if (!name) throw new Error(`message type ${messageType} is not in the Nachrichtentyp code list`);
  return `${name}.${messageType}`;
}

/**
 * The standard transfer package: one ZIP named `{ProzessID}_{Nachricht}.zip` holding the message
 * as `{ProzessID}_{Nachricht}.xml` and the primary files under the names the XML gives them.
 */
export async function packMessage(processId: string, messageType: XdomeaMessageType, xml: string, files: PlannedFile[]): Promise<XdomeaPackage> {
  const base = `${processId}_${rootElementOf(messageType)}`;
  const zip = new ZipWriter();
  const chunks: Buffer[] = [];
  zip.output.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    zip.output.on('end', resolve);
    zip.output.on('error', reject);
  });
  await zip.add(`${base}.xml`, Buffer.from(xml, 'utf8'));
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.fileName)) continue;
    seen.add(file.fileName);
    await zip.add(file.fileName, file.content, file.createdAt);
  }
  await zip.finish();
  await ended;
  return { processId, messageType, fileName: `${base}.zip`, zip: Buffer.concat(chunks) };
}
