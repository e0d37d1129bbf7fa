/**
 * A very small XML writer for the messages: elements are values, text is always escaped, nothing is
 * ever concatenated from untrusted strings as markup. Optional elements are `null` and vanish.
 */
export interface Xml { readonly xml: string }
export type Child = Xml | null | undefined | false;

export const XDOMEA_NS = 'urn:xoev-de:xdomea:schema:3.0.0';

/** Text and attribute values escaped; characters XML 1.0 cannot carry (most C0 controls) removed. */
export function escapeText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function attributes(attrs: Record<string, string | undefined> | undefined): string {
  if (!attrs) return '';
  return Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeText(v!)}"`).join('');
}

/** An element with text content or child elements. */
export function el(name: string, content: string | number | boolean | Child[], attrs?: Record<string, string | undefined>): Xml {
  const open = `${name}${attributes(attrs)}`;
  if (Array.isArray(content)) {
    const inner = content.filter((c): c is Xml => Boolean(c)).map((c) => c.xml).join('');
    return { xml: inner ? `<${open}>${inner}</${name}>` : `<${open}/>` };
  }
  const text = typeof content === 'boolean' ? (content ? '1' : '0') : String(content);
  return { xml: `<${open}>${escapeText(text)}</${name}>` };
}

/** An xdomea element (prefix xdomea:). */
export const x = (name: string, content: string | number | boolean | Child[], attrs?: Record<string, string | undefined>) => el(`xdomea:${name}`, content, attrs);

/** An optional xdomea element: gone when the value is missing or empty. */
export function opt(name: string, value: string | number | boolean | null | undefined): Xml | null {
  if (value === null || value === undefined || value === '') return null;
  return x(name, value);
}

/** A code of an XÖV code list (xoev-code:Code): unqualified `code` and `name` children. */
export function code(name: string, value: string, options: { label?: string; listURI?: string; listVersionID?: string } = {}): Xml {
  return x(name, [el('code', value), options.label ? el('name', options.label) : null], { listURI: options.listURI, listVersionID: options.listVersionID });
}

/** The XML document: declaration, root with the namespaces the schemas use. */
export function document(root: string, children: Child[]): string {
  const body = x(root, children, { 'xmlns:xdomea': XDOMEA_NS }).xml;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}

/** xs:date in Berlin (the authority's calendar day), xs:dateTime in UTC without fractions. */
export const xsDate = (at: Date | string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date(at));
export const xsDateTime = (at: Date | string) => new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
