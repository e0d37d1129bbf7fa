import type { Applicant, FormItem } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { resolveApplicant } from './applicant/mapping.js';
import { isCalendarDate } from './calendar-date.js';

const MAX_TEXT = 100_000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

const bad = (field: string, detail: string) => new AppError('validation_failed', { field, detail });

/**
 * Checks an untrusted form tree ({name, label, stringValue|numberValue|dateValue|booleanValue,
 * formItems[]}) and returns a clean copy. Iterative, so absurd depth is refused without recursion.
 */
export function validateFormTree(input: unknown, field: string, limits: { maxDepth: number; maxItems: number }): FormItem[] {
  if (!Array.isArray(input)) throw bad(field, `Das Feld „${field}“ muss eine Liste von Formularfeldern sein.`);
  const root: FormItem[] = [];
  const work: Array<{ items: unknown[]; out: FormItem[]; path: string; depth: number }> = [{ items: input, out: root, path: field, depth: 1 }];
  let count = 0;
  while (work.length) {
    const { items, out, path, depth } = work.pop()!;
    if (depth > limits.maxDepth) {
      throw new AppError('bad_request', { field: path, detail: `Die Formulardaten sind zu tief verschachtelt (höchstens ${limits.maxDepth} Ebenen).` });
    }
    items.forEach((raw, index) => {
      const at = `${path}[${index}]`;
      if (++count > limits.maxItems) throw bad(path, `Die Formulardaten enthalten mehr als ${limits.maxItems} Felder.`);
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad(at, `Das Formularfeld „${at}“ muss ein Objekt sein.`);
      const r = raw as Record<string, unknown>;
      if (typeof r.name !== 'string' || !r.name.trim()) throw bad(`${at}.name`, `Das Formularfeld „${at}“ hat keinen Namen.`);
      const item: FormItem = { name: clip(r.name, 200), label: typeof r.label === 'string' && r.label.trim() ? clip(r.label, 500) : r.name };
      if (r.stringValue !== undefined && r.stringValue !== null) {
        if (typeof r.stringValue !== 'string') throw bad(`${at}.stringValue`, `„${at}.stringValue“ muss Text sein.`);
        if (r.stringValue.length > MAX_TEXT) throw bad(`${at}.stringValue`, `„${at}.stringValue“ ist zu lang.`);
        item.stringValue = r.stringValue;
      }
      if (r.numberValue !== undefined && r.numberValue !== null) {
        if (typeof r.numberValue !== 'number' || !Number.isFinite(r.numberValue)) throw bad(`${at}.numberValue`, `„${at}.numberValue“ muss eine Zahl sein.`);
        item.numberValue = r.numberValue;
      }
      if (r.dateValue !== undefined && r.dateValue !== null) {
        if (typeof r.dateValue !== 'string' || !ISO_DATE.test(r.dateValue) || !isCalendarDate(r.dateValue.slice(0, 10)) || Number.isNaN(Date.parse(r.dateValue))) {
          throw bad(`${at}.dateValue`, `„${at}.dateValue“ muss ein Datum im Format JJJJ-MM-TT sein.`);
        }
        item.dateValue = r.dateValue;
      }
      if (r.booleanValue !== undefined && r.booleanValue !== null) {
        if (typeof r.booleanValue !== 'boolean') throw bad(`${at}.booleanValue`, `„${at}.booleanValue“ muss true oder false sein.`);
        item.booleanValue = r.booleanValue;
      }
      out.push(item);
      if (r.formItems !== undefined && r.formItems !== null) {
        if (!Array.isArray(r.formItems)) throw bad(`${at}.formItems`, `„${at}.formItems“ muss eine Liste sein.`);
        item.formItems = [];
        work.push({ items: r.formItems, out: item.formItems, path: `${at}.formItems`, depth: depth + 1 });
      }
    });
  }
  return root;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

/**
 * Best-effort applicant from form data by the shared default field names (see applicant/defaults.ts;
 * the channels use resolveApplicant with their own defaults, identity and the service's mapping).
 */
export function applicantFromForm(items: FormItem[]): Applicant {
  return resolveApplicant(items, undefined, null).applicant;
}
