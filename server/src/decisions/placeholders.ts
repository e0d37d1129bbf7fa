import type { Applicant, FormItem } from '../db/schema.js';
import { AppError } from '../shared/errors.js';

/** Placeholders a template may use, with the German description shown in the template editor. */
export const PLACEHOLDERS: Record<string, string> = {
  'antragsteller.name': 'Name der antragstellenden Person oder Organisation',
  'antragsteller.anschrift': 'Anschrift der antragstellenden Person',
  'vorgang.nummer': 'Vorgangsnummer (Aktenzeichen)',
  'vorgang.eingang': 'Eingangsdatum des Antrags',
  'leistung.name': 'Name der Leistung',
  'kommune.name': 'Name der Kommune',
  heute: 'Heutiges Datum',
  'sachbearbeitung.name': 'Name der bearbeitenden Person',
};
/** Form data by the names of its fields, groups separated by dots: {{formular.hund.rasse}}. */
export const FORM_PREFIX = 'formular.';
const FORM_PATH = /^formular(\.[\p{L}\p{N}_-]+)+$/u;

export const MISSING = '—';
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function isKnownPlaceholder(name: string): boolean {
  return Object.hasOwn(PLACEHOLDERS, name) || FORM_PATH.test(name);
}

/** Refuses a template body with an unknown placeholder, naming the first one found. */
export function assertKnownPlaceholders(body: string, field = 'body'): void {
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!isKnownPlaceholder(name)) {
      throw new AppError('unprocessable', {
        field,
        detail: `Der Platzhalter „{{${name}}}“ ist unbekannt. Erlaubt sind ${Object.keys(PLACEHOLDERS).map((p) => `{{${p}}}`).join(', ')} `
          + 'sowie Formulardaten als {{formular.<Feldname>}}.',
        extra: { placeholder: name },
      });
    }
  }
}

export interface PlaceholderContext {
  applicant: Applicant;
  applicantName: string;
  caseNumber: string;
  receivedAt: Date;
  serviceName: string;
  tenantName: string;
  caseworkerName: string | null;
  formData: FormItem[];
  today?: Date;
}

const germanDate = (date: Date) =>
  new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);

/** "Hauptstraße 1, 24103 Kiel" (country only when not Germany). */
export function addressLine(applicant: Applicant): string {
  const a = applicant.address;
  if (!a) return '';
  const street = [a.street, a.houseNumber].filter((v) => v?.trim()).join(' ');
  const city = [a.postalCode, a.city].filter((v) => v?.trim()).join(' ');
  const country = a.country && !/^(de|deu|deutschland|germany)$/i.test(a.country.trim()) ? a.country.trim() : '';
  return [street, city, country].filter(Boolean).join(', ');
}

function formValue(items: FormItem[], path: string[]): string | undefined {
  let level: FormItem[] | undefined = items;
  let item: FormItem | undefined;
  for (const name of path) {
    item = level?.find((i) => i.name === name);
    if (!item) return undefined;
    level = item.formItems;
  }
  if (!item) return undefined;
  if (item.stringValue !== undefined) return item.stringValue;
  if (item.numberValue !== undefined) return new Intl.NumberFormat('de-DE').format(item.numberValue);
  if (item.dateValue !== undefined) {
    const d = new Date(item.dateValue);
    return Number.isNaN(d.getTime()) ? item.dateValue : germanDate(d);
  }
  if (item.booleanValue !== undefined) return item.booleanValue ? 'ja' : 'nein';
  return undefined;
}

function valueOf(name: string, ctx: PlaceholderContext): string | undefined {
  switch (name) {
    case 'antragsteller.name': return ctx.applicantName;
    case 'antragsteller.anschrift': return addressLine(ctx.applicant);
    case 'vorgang.nummer': return ctx.caseNumber;
    case 'vorgang.eingang': return germanDate(ctx.receivedAt);
    case 'leistung.name': return ctx.serviceName;
    case 'kommune.name': return ctx.tenantName;
    case 'heute': return germanDate(ctx.today ?? new Date());
    case 'sachbearbeitung.name': return ctx.caseworkerName ?? undefined;
  }
  if (FORM_PATH.test(name)) return formValue(ctx.formData, name.slice(FORM_PREFIX.length).split('.'));
  return undefined;
}

/**
 * Replaces every placeholder with its value. Plain text for the PDF: nothing is escaped; a
 * missing value (or an unknown placeholder in old text) becomes "—" instead of failing.
 */
export function renderTemplate(body: string, ctx: PlaceholderContext): string {
  return body.replace(PLACEHOLDER, (_m, name: string) => {
    const value = valueOf(name, ctx)?.trim();
    return value ? value : MISSING;
  });
}

export { germanDate };
