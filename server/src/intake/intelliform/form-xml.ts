import type { FormItem } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';
import { isCalendarDate } from '../calendar-date.js';
import { decodeXmlText, parseXml } from './xml.js';

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const DE_DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;

/**
 * The form's primary data XML → the labelled form tree. Elements with children become groups,
 * repeated elements stay repeated (in document order), leaves become typed values. A `label`
 * (or `bezeichnung`) attribute is used as label, otherwise the element name.
 */
export function formTreeFromXml(xml: string, limits: { maxDepth: number; maxItems: number }): FormItem[] {
  const doc = parseXml(xml, 'Formulardaten (XML)', { preserveOrder: true, maxDepth: limits.maxDepth + 2 }) as OrderedNode[];
  const roots = doc.filter((n) => elementName(n));
  if (roots.length !== 1) throw new AppError('bad_request', { field: 'primaryData', detail: 'Die Formulardaten (XML) haben kein eindeutiges Wurzelelement.' });
  const root = roots[0]!;
  let count = 0;
  const convert = (nodes: OrderedNode[], depth: number): FormItem[] => {
    if (depth > limits.maxDepth) throw new AppError('bad_request', { field: 'primaryData', detail: 'Die Formulardaten sind zu tief verschachtelt.' });
    const items: FormItem[] = [];
    for (const node of nodes) {
      const name = elementName(node);
      if (!name) continue;
      if (++count > limits.maxItems) throw new AppError('validation_failed', { field: 'primaryData', detail: `Die Formulardaten enthalten mehr als ${limits.maxItems} Felder.` });
      const children = (node[name] as OrderedNode[]) ?? [];
      const attrs = node[':@'] ?? {};
      const label = cleanLabel(decodeXmlText(attrs['@label'] ?? attrs['@bezeichnung'] ?? attrs['@Label'] ?? ''), name);
      const elements = children.filter((c) => elementName(c));
      if (elements.length > 0) {
        items.push({ name, label, formItems: convert(elements, depth + 1) });
        continue;
      }
      const text = decodeXmlText(children.map((c) => (typeof c['#text'] === 'string' ? c['#text'] : '')).join(''));
      const valueLabel = VALUE_LABEL_ATTRIBUTES.map((a) => attrs[a]).find((v) => v !== undefined && v.trim());
      items.push({ name, label, ...typedValue(text, valueLabel === undefined ? undefined : decodeXmlText(valueLabel).trim()) });
    }
    return items;
  };
  return convert((root[elementName(root)!] as OrderedNode[]) ?? [], 1);
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && !k.startsWith('?') && k !== '#comment');
}

/**
 * Where a labelled rendition puts the text of a selected option (the value "1" of "geschlecht"
 * shown as "weiblich"). The public material documents ifp:label and ifp:type only; these are the
 * spellings we accept for the option text (docs/intake.md, "Beschriftungen").
 */
const VALUE_LABEL_ATTRIBUTES = ['@value-label', '@valueLabel', '@display'];

/** Generated labels end in a colon ("Hausnummer:"); the element name stands in for a missing one. */
function cleanLabel(label: string, name: string): string {
  const clean = label.trim().replace(/\s*:$/, '').trim();
  return clean || name;
}

/**
 * A coded value with its option text keeps both: the text is what people read (and search, and
 * what decision templates print), `code` is what the form sent.
 */
function typedValue(text: string, valueLabel?: string): Partial<FormItem> {
  if (valueLabel && text && valueLabel !== text) return { stringValue: valueLabel, code: text };
  if (text === 'true' || text === 'false') return { booleanValue: text === 'true' };
  // Untyped XML: text that only looks like a date but names no real day (30.02.) stays text.
  if (isCalendarDate(text)) return { dateValue: text };
  const de = DE_DATE.exec(text);
  if (de && isCalendarDate(`${de[3]}-${de[2]}-${de[1]}`)) return { dateValue: `${de[3]}-${de[2]}-${de[1]}` };
  return { stringValue: text };
}
