import { ParseOption, XmlDocument, XmlValidateError } from 'libxml2-wasm';
import { AppError } from '../../shared/errors.js';
import { validatorOf, type SchemaFamily } from './schemas.js';

/**
 * libxml2 parse options for every xdomea document: no network, no external entities, no entity
 * substitution, no DTD loading; libxml2's own limits (depth, name and text sizes) stay on (no HUGE).
 * A DOCTYPE is refused before this parser ever sees the bytes (parse.ts); this is the second wall.
 */
export const SAFE_PARSE = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_NOWARNING;

export interface SchemaProblem { path: string; line: number; message: string }

/**
 * Why a document failed, without the values: libxml2 quotes offending values ("The value 'Anna
 * Schmidt' is not …"), and these messages go to logs, which never see personal data.
 */
export function schemaProblems(error: unknown): SchemaProblem[] {
  const details = error instanceof XmlValidateError ? error.details : [];
  return details.slice(0, 5).map((d) => ({
    path: String(d.xpath ?? ''),
    line: d.line,
    message: d.message.replace(/(value|[Cc]ontent) '[^']*'/g, "$1 '…'").trim(),
  }));
}

/** Validates a parsed document against the family's schema; resolves with the problems (empty: valid). */
export function problemsOf(doc: XmlDocument, family: SchemaFamily): SchemaProblem[] {
  try {
    validatorOf(family).validate(doc);
    return [];
  } catch (error) {
    if (!(error instanceof XmlValidateError)) throw error;
    const problems = schemaProblems(error);
    return problems.length ? problems : [{ path: '', line: 0, message: error.message }];
  }
}

/**
 * Every message we build passes here before it is returned: an invalid one throws and never
 * leaves. The German text names the element, so the case can show what to fix.
 */
export function assertValidOutgoing(xml: string, family: SchemaFamily, messageType: string): void {
  const doc = XmlDocument.fromString(xml, { option: SAFE_PARSE });
  try {
    const problems = problemsOf(doc, family);
    if (problems.length) {
      const where = problems[0]!.path.replace(/\/xdomea:/g, '/').replace(/^\//, '') || 'Nachricht';
      throw new AppError('xdomea_outgoing_invalid', {
        field: where,
        detail: `Die xdomea-Nachricht ${messageType} ist nicht schemagültig (Element ${where}) und wird nicht versendet.`,
        internal: `xdomea ${messageType} failed XSD validation: ${problems.map((p) => `${p.path} (line ${p.line}): ${p.message}`).join(' | ')}`,
      });
    }
  } finally {
    doc.dispose();
  }
}
