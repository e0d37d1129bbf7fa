import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../../shared/errors.js';

export const BACKEND_NS = 'http://xmlns.cit.de/intelliform/2009/webservices/backend';
export const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/**
 * XML without DTDs: documents that declare a DOCTYPE or ENTITY are refused before parsing, so no
 * external entity is ever resolved and no entity expansion ("billion laughs") can start.
 */
export function assertNoDtd(xml: string, what: string): void {
  if (/<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.test(xml)) {
    throw new AppError('bad_request', { field: what, detail: `${what}: Dokumenttyp-Deklarationen (DTD/ENTITY) sind nicht erlaubt.` });
  }
}

const ENTITY = /&(lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Only the five predefined entities and character references: nothing can expand. */
export function decodeXmlText(text: string): string {
  return text.replace(ENTITY, (whole, name: string) => {
    if (NAMED[name]) return NAMED[name];
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function parseXml(xml: string, what: string, options: { preserveOrder: boolean; maxDepth: number }): unknown {
  assertNoDtd(xml, what);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    processEntities: false,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    preserveOrder: options.preserveOrder,
    maxNestedTags: options.maxDepth,
    isArray: options.preserveOrder ? undefined : (name: string) => ['attachments', 'customParameters', 'attributes'].includes(name),
  } as never);
  try {
    return parser.parse(xml, true);
  } catch (error) {
    const message = String((error as Error).message ?? '');
    if (/nest/i.test(message)) throw new AppError('bad_request', { field: what, detail: `${what}: Das XML ist zu tief verschachtelt.` });
    throw new AppError('bad_request', { field: what, detail: `${what}: Das XML ist nicht wohlgeformt.`, internal: message });
  }
}
