import type { FormItem } from '../../db/schema.js';

/** What a labelled rendition (or an uploaded form definition) says about one field. */
export interface FieldLabels {
  label?: string;
  /** Option texts by the code the form sends ("1" → "weiblich"). */
  options: Map<string, string>;
}

/** Labels by field path ("antragsteller/geschlecht"): repeated groups share one entry. */
export type LabelBook = Map<string, FieldLabels>;

const pathOf = (parent: string, name: string) => (parent ? `${parent}/${name}` : name);

/**
 * Collects the labels of a labelled tree (intelliForm's rendition with ifp:label annotations,
 * converted by formTreeFromXml): a field's label where it differs from its name, and each option
 * text seen with its code.
 */
export function labelBookFromTree(items: FormItem[]): LabelBook {
  const book: LabelBook = new Map();
  const visit = (list: FormItem[], parent: string) => {
    for (const item of list) {
      const path = pathOf(parent, item.name);
      const entry = book.get(path) ?? { options: new Map<string, string>() };
      if (item.label && item.label !== item.name) entry.label ??= item.label;
      if (item.code !== undefined && item.stringValue) entry.options.set(item.code, item.stringValue);
      book.set(path, entry);
      if (item.formItems) visit(item.formItems, path);
    }
  };
  visit(items, '');
  return book;
}

/**
 * The form's own data with the book's labels: names, values and structure stay exactly as sent;
 * a field gets the book's label where it has none of its own, and a coded text value gets its
 * option text as stringValue with the sent value kept in `code`. A code the book does not know
 * stays as it is (never guessed).
 */
export function applyLabels(items: FormItem[], book: LabelBook): FormItem[] {
  if (!book.size) return items;
  const convert = (list: FormItem[], parent: string): FormItem[] =>
    list.map((item) => {
      const path = pathOf(parent, item.name);
      const entry = book.get(path);
      const out: FormItem = { ...item };
      if (entry?.label && item.label === item.name) out.label = entry.label;
      const optionText = item.code === undefined && item.stringValue !== undefined ? entry?.options.get(item.stringValue) : undefined;
      if (optionText !== undefined) {
        out.code = item.stringValue;
        out.stringValue = optionText;
      }
      if (item.formItems) out.formItems = convert(item.formItems, path);
      return out;
    });
  return convert(items, '');
}
