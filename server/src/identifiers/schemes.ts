import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';

/**
 * The kinds of external identifiers a form system uses to name the responsible authority. One value
 * belongs to at most one municipality per scheme (unique index, migration 0029).
 */
export const SCHEMES = [
  'ozg_zustaendige_stelle',
  'ozg_organisationseinheit',
  'pvog_organisation',
  'fit_connect_destination',
  'intelliform_client',
  'intelliform_customer',
] as const;
export type Scheme = (typeof SCHEMES)[number];

/** German names, for messages that name a scheme (the web app has its own copy in i18n/de.ts). */
export const SCHEME_LABELS: Record<Scheme, string> = {
  ozg_zustaendige_stelle: 'OZG-Cloud zuständige Stelle',
  ozg_organisationseinheit: 'OZG-Cloud Organisationseinheit',
  pvog_organisation: 'PVOG/XZuFi-Organisation',
  fit_connect_destination: 'FIT-Connect-Zustellpunkt',
  intelliform_client: 'intelliForm-Mandant (client)',
  intelliform_customer: 'intelliForm-Kunde (customer)',
};

export const isScheme = (value: string): value is Scheme => (SCHEMES as readonly string[]).includes(value);

/** Spellings a CSV file may use for a scheme (compared without case, blanks, dashes, underscores). */
const ALIASES: Record<string, Scheme> = {
  zustaendigestelle: 'ozg_zustaendige_stelle',
  zuständigestelle: 'ozg_zustaendige_stelle',
  ozgzuständigestelle: 'ozg_zustaendige_stelle',
  organisationseinheitenid: 'ozg_organisationseinheit',
  organisationseinheit: 'ozg_organisationseinheit',
  pvog: 'pvog_organisation',
  xzufi: 'pvog_organisation',
  fitconnect: 'fit_connect_destination',
  destinationid: 'fit_connect_destination',
  intelliformclientid: 'intelliform_client',
  intelliformcustomerid: 'intelliform_customer',
};
for (const s of SCHEMES) ALIASES[s.replace(/_/g, '')] = s;

export function schemeOf(text: string): Scheme | undefined {
  const key = text.normalize('NFKC').toLowerCase().replace(/[\s_\-./]+/g, '');
  return ALIASES[key];
}

/** The value as compared: NFKC, trimmed, inner blanks collapsed, lower case ("Stadt Kiel " = "stadt kiel"). */
export function normaliseIdentifier(value: string): string {
  return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

// Control characters would hide in a list and never match what a form system sends.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The value as stored (trimmed) and its key; a bad value is refused naming the field. */
export function checkIdentifier(scheme: Scheme, raw: string, field = 'value'): { value: string; key: string } {
  const value = raw.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (value === '') throw new AppError('validation_failed', { field, detail: `Die Kennung („${field}“) darf nicht leer sein.` });
  if (value.length > 200) throw new AppError('validation_failed', { field, detail: `Die Kennung („${field}“) darf höchstens 200 Zeichen lang sein.` });
  if (CONTROL.test(value)) throw new AppError('validation_failed', { field, detail: `Die Kennung („${field}“) enthält Steuerzeichen.` });
  if (scheme === 'fit_connect_destination' && !isUuid(value.toLowerCase())) {
    throw new AppError('validation_failed', { field, detail: `Ein FIT-Connect-Zustellpunkt („${field}“) ist eine UUID, z. B. 4f1c2a3b-0000-4000-8000-000000000001.` });
  }
  return { value, key: normaliseIdentifier(value) };
}
