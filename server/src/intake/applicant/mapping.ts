import type { Applicant, FormItem } from '../../db/schema.js';
import { isCalendarDate } from '../calendar-date.js';
import type { IntakeChannel } from '../types.js';
import { APPLICANT_GROUPS, CONTACT_FIELDS, defaultFieldOf, fieldKey, KIND_FIELDS, ORGANISATION_VALUES } from './defaults.js';
import { APPLICANT_FIELDS, type ApplicantField } from './fields.js';
import type { ChannelIdentity } from './identity.js';

/**
 * A service's mapping from form-field paths to the applicant. A path names a field from the top of
 * the form data: the fields' technical names joined by „/“ (antragsteller/kontakt/email), compared
 * without regard to case. Fields the mapping does not name are found by the channel's defaults
 * unless useDefaults is false.
 */
export interface ApplicantMapping {
  useDefaults: boolean;
  /** The field that says person or organisation, and the values meaning organisation (compared in lower case). */
  kind?: { path: string; organisationValues: string[] };
  fields: Partial<Record<ApplicantField, string>>;
}

export interface MappingWarning { field: ApplicantField | 'kind'; path: string; message: string }
export interface ResolvedApplicant { applicant: Applicant; warnings: MappingWarning[] }

export const FIELD_LABELS: Record<ApplicantField | 'kind', string> = {
  kind: 'Art (Person oder Organisation)', firstName: 'Vorname', lastName: 'Nachname', organisationName: 'Name der Organisation',
  email: 'E-Mail-Adresse', phone: 'Telefon', street: 'Straße', houseNumber: 'Hausnummer', postalCode: 'PLZ', city: 'Ort', dateOfBirth: 'Geburtsdatum',
};

const ADDRESS = new Set<ApplicantField>(['street', 'houseNumber', 'postalCode', 'city']);
const MAX = 300;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

/** The value of a field as text (numbers, dates and yes/no too), or undefined when it has none. */
function valueOf(item: FormItem): string | undefined {
  const raw = item.stringValue ?? (item.numberValue !== undefined ? String(item.numberValue) : item.dateValue ?? (item.booleanValue !== undefined ? (item.booleanValue ? 'ja' : 'nein') : undefined));
  const value = raw?.trim();
  return value ? value : undefined;
}

/** The field at a path (names joined by „/“, case-insensitive); undefined when the form has no such field. */
export function itemAt(items: FormItem[], path: string): FormItem | undefined {
  const segments = path.split('/').map((s) => s.trim().toLowerCase()).filter(Boolean);
  let list: FormItem[] | undefined = items;
  let found: FormItem | undefined;
  for (const segment of segments) {
    found = list?.find((i) => i.name.toLowerCase() === segment);
    if (!found) return undefined;
    list = found.formItems;
  }
  return found;
}

/** A value cleaned for its field; undefined with a reason when it cannot be that field. */
function cleanFor(field: ApplicantField, value: string): { value?: string; problem?: string } {
  if (field === 'email') return EMAIL.test(value) && value.length <= 254 ? { value } : { problem: 'ist keine E-Mail-Adresse' };
  if (field === 'dateOfBirth') {
    const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
    const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : value.slice(0, 10);
    return isCalendarDate(iso) ? { value: iso } : { problem: 'ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT)' };
  }
  return { value: value.slice(0, MAX) };
}

function set(applicant: Applicant, field: ApplicantField, value: string): void {
  if (ADDRESS.has(field)) (applicant.address ??= {})[field as 'street'] ??= value;
  else (applicant as unknown as Record<string, string>)[field] ??= value;
}

/**
 * The applicant from the form data, the service's mapping (null: the channel's defaults only) and
 * the channel's identity. A mapped path the form lacks (or whose value does not fit) leaves its
 * field empty and is reported as a warning; the defaults never fill a field the mapping names.
 */
export function resolveApplicant(items: FormItem[], channel: IntakeChannel | undefined, mapping: ApplicantMapping | null, identity: ChannelIdentity = {}): ResolvedApplicant {
  const applicant: Applicant = { kind: 'person' };
  const warnings: MappingWarning[] = [];
  const named = new Set<ApplicantField>();
  for (const field of APPLICANT_FIELDS) {
    const path = mapping?.fields[field]?.trim();
    if (!path) continue;
    named.add(field);
    const item = itemAt(items, path);
    const value = item && valueOf(item);
    if (!item) {
      warnings.push({ field, path, message: `Das Feld „${path}“ kommt in den Formulardaten nicht vor; „${FIELD_LABELS[field]}“ bleibt leer.` });
      continue;
    }
    if (!value) continue; // present but left empty by the applicant: nothing to warn about
    const clean = cleanFor(field, value);
    if (clean.value) set(applicant, field, clean.value);
    else warnings.push({ field, path, message: `Der Wert im Feld „${path}“ ${clean.problem}; „${FIELD_LABELS[field]}“ bleibt leer.` });
  }
  let kindValue: { value?: string; organisationValues?: string[] } | undefined;
  if (mapping?.kind?.path.trim()) {
    const item = itemAt(items, mapping.kind.path.trim());
    if (!item) warnings.push({ field: 'kind', path: mapping.kind.path, message: `Das Feld „${mapping.kind.path}“ kommt in den Formulardaten nicht vor; die Art wird ohne es bestimmt.` });
    else kindValue = { value: valueOf(item), organisationValues: mapping.kind.organisationValues };
  }
  if (!mapping || mapping.useDefaults) {
    const found = byDefaults(items, channel, named);
    for (const [field, value] of found.values) {
      const clean = cleanFor(field, value);
      if (clean.value) set(applicant, field, clean.value);
    }
    if (!kindValue && found.kindValue) kindValue = { value: found.kindValue };
  }

  if (identity.mailbox) applicant.mailbox = identity.mailbox;
  if (identity.replyEmail) {
    applicant.replyEmail = identity.replyEmail;
    applicant.email ??= identity.replyEmail;
  }
  applicant.kind = kindOf(applicant, kindValue, identity);
  return { applicant, warnings };
}

/**
 * Person or organisation, by the first that speaks: the form's own field (person_oder_firma), the
 * account the applicant signed in with (an organisation's account), an organisation name without
 * a first name.
 */
function kindOf(applicant: Applicant, field: { value?: string; organisationValues?: string[] } | undefined, identity: ChannelIdentity): Applicant['kind'] {
  if (field?.value) {
    const v = field.value.toLowerCase();
    const organisation = field.organisationValues?.length ? field.organisationValues.some((o) => o.trim().toLowerCase() === v) : ORGANISATION_VALUES.test(v);
    return organisation ? 'organisation' : 'person';
  }
  if (identity.organisation || identity.mailbox?.accountKind === 'organisation') return 'organisation';
  return applicant.organisationName && !applicant.firstName ? 'organisation' : 'person';
}

/**
 * The defaults: known field names in the applicant's group (antragsteller …), else in the whole
 * form; e-mail and phone also anywhere in the form when the group lacks them.
 */
function byDefaults(items: FormItem[], channel: IntakeChannel | undefined, skip: Set<ApplicantField>): { values: Map<ApplicantField, string>; kindValue?: string } {
  const values = new Map<ApplicantField, string>();
  let kindValue: string | undefined;
  const visit = (list: FormItem[], depth: number, only?: Set<ApplicantField>) => {
    for (const item of list) {
      const field = defaultFieldOf(channel, item.name);
      const value = valueOf(item);
      if (field && value && !skip.has(field) && !values.has(field) && (!only || only.has(field)) && !item.formItems?.length) values.set(field, value);
      if (!only && value && !kindValue && KIND_FIELDS.has(fieldKey(item.name))) kindValue = value;
      if (item.formItems && depth < 4) visit(item.formItems, depth + 1, only);
    }
  };
  const group = findGroup(items);
  if (group) {
    visit(group, 0);
    visit(items, 0, CONTACT_FIELDS);
    if (!kindValue) visitKind(items);
  } else {
    visit(items, 0);
  }
  return { values, kindValue };

  function visitKind(list: FormItem[], depth = 0): void {
    for (const item of list) {
      const value = valueOf(item);
      if (value && !kindValue && KIND_FIELDS.has(fieldKey(item.name))) kindValue = value;
      if (item.formItems && depth < 4) visitKind(item.formItems, depth + 1);
    }
  }
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

/** Every field path in the form data (for the mapping editor's choice), at most `max`. */
export function fieldPaths(items: FormItem[], max = 500): Array<{ path: string; label: string; value?: string }> {
  const out: Array<{ path: string; label: string; value?: string }> = [];
  const walk = (list: FormItem[], prefix: string, depth: number) => {
    for (const item of list) {
      if (out.length >= max) return;
      const path = prefix ? `${prefix}/${item.name}` : item.name;
      if (!out.some((o) => o.path.toLowerCase() === path.toLowerCase())) out.push({ path, label: item.label ?? item.name, value: valueOf(item)?.slice(0, 200) });
      if (item.formItems && depth < 8) walk(item.formItems, path, depth + 1);
    }
  };
  walk(items, '', 0);
  return out;
}
