import type { Applicant, FormItem } from '../db/schema.js';
import { AppError } from '../shared/errors.js';

const MAX_TEXT = 100_000;

/**
 * JJJJ-MM-TT that names a day that exists. Date.parse is not enough: V8 accepts 2026-02-30 and
 * silently means 2 March.
 */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
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

const KEYS: Record<string, keyof Applicant | 'street' | 'houseNumber' | 'postalCode' | 'city'> = {
  vorname: 'firstName', firstname: 'firstName', givenname: 'firstName',
  nachname: 'lastName', familienname: 'lastName', lastname: 'lastName', familyname: 'lastName', name: 'lastName',
  firma: 'organisationName', organisation: 'organisationName', organisationname: 'organisationName', firmenname: 'organisationName',
  email: 'email', 'e-mail': 'email', emailadresse: 'email', mail: 'email',
  telefon: 'phone', telefonnummer: 'phone', phone: 'phone',
  strasse: 'street', straße: 'street', street: 'street', hausnummer: 'houseNumber', housenumber: 'houseNumber',
  plz: 'postalCode', postleitzahl: 'postalCode', postalcode: 'postalCode', ort: 'city', wohnort: 'city', city: 'city',
};
const APPLICANT_GROUPS = /^(antragsteller|antragstellende|applicant|person|antragstellerin|gewerbetreibender)/i;

/**
 * Best-effort applicant from form data that carries no separate applicant record (OZG-Cloud,
 * intelliForm, FIT-Connect): looks in an "Antragsteller" group first, then at the top level.
 */
export function applicantFromForm(items: FormItem[]): Applicant {
  const group = findGroup(items) ?? items;
  const applicant: Applicant = { kind: 'person' };
  const address: NonNullable<Applicant['address']> = {};
  const visit = (list: FormItem[], depth: number) => {
    for (const item of list) {
      const key = KEYS[item.name.toLowerCase().replace(/[_\s]/g, '')];
      const value = item.stringValue?.trim();
      if (key && value) {
        if (key === 'street' || key === 'houseNumber' || key === 'postalCode' || key === 'city') address[key] ??= value;
        else if (key !== 'kind' && key !== 'address' && key !== 'mailbox') (applicant as unknown as Record<string, unknown>)[key] ??= value;
      }
      if (item.formItems && depth < 3) visit(item.formItems, depth + 1);
    }
  };
  visit(group, 0);
  if (Object.keys(address).length) applicant.address = address;
  if (applicant.organisationName && !applicant.firstName) applicant.kind = 'organisation';
  return applicant;
}

function findGroup(items: FormItem[]): FormItem[] | undefined {
  const queue: Array<{ list: FormItem[]; depth: number }> = [{ list: items, depth: 0 }];
  while (queue.length) {
    const { list, depth } = queue.shift()!;
    for (const item of list) {
      if (item.formItems && APPLICANT_GROUPS.test(item.name)) return item.formItems;
      if (item.formItems && depth < 3) queue.push({ list: item.formItems, depth: depth + 1 });
    }
  }
  return undefined;
}
