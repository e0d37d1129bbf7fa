import type { FormItem } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import type { ProcessorCheck } from './protocol.js';

/**
 * A plausibility rule a tenant admin writes for a service (the built-in processor). `field` is the
 * path of form item names ("antragsteller.geburtsdatum"); a repeated group checks every copy.
 */
export interface PlausibilityRule {
  field: string;
  label?: string;
  required?: boolean;
  /** One of the shipped formats, or a regular expression (pattern). */
  format?: 'postal_code' | 'email' | 'iban' | 'phone' | 'date';
  pattern?: string;
  /** Dates (JJJJ-MM-TT) or "today"; a date field outside the range fails. */
  minDate?: string;
  maxDate?: string;
  severity?: 'error' | 'warning';
  message?: string;
}

const FORMATS: Record<NonNullable<PlausibilityRule['format']>, { re: RegExp; text: string }> = {
  postal_code: { re: /^\d{5}$/, text: 'ist keine fünfstellige Postleitzahl' },
  email: { re: /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/, text: 'ist keine E-Mail-Adresse' },
  iban: { re: /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, text: 'ist keine IBAN' },
  phone: { re: /^\+?[0-9 ()/-]{6,30}$/, text: 'ist keine Telefonnummer' },
  date: { re: /^\d{4}-\d{2}-\d{2}$/, text: 'ist kein Datum (JJJJ-MM-TT)' },
};

export const MAX_RULES = 100;
const MAX_PATTERN = 200;
/** A value longer than this is not matched against an admin's pattern (bounds the regex work). */
const MAX_MATCHED_VALUE = 1000;
const DATE = /^(\d{4}-\d{2}-\d{2}|today)$/;
/**
 * A quantified group that itself contains a quantifier ("(a+)+", "(\w*)*", "(x|y+){2,}") can
 * backtrack exponentially: an admin's pattern runs on the server for every application, so such
 * patterns are refused when the rule is saved.
 */
const NESTED_QUANTIFIER = /\([^()]*[+*}][^()]*\)\s*[+*{]/;

/** Checks the rules an admin saves; throws a German validation error naming the rule. */
export function validateRules(rules: PlausibilityRule[]): PlausibilityRule[] {
  if (rules.length > MAX_RULES) throw new AppError('validation_failed', { field: 'rules', detail: `Höchstens ${MAX_RULES} Regeln je Prüfung.` });
  rules.forEach((rule, i) => {
    const at = `rules/${i}`;
    if (!/^[A-Za-z0-9_-]{1,100}(\.[A-Za-z0-9_-]{1,100}){0,9}$/.test(rule.field)) {
      throw new AppError('validation_failed', { field: `${at}/field`, detail: `Regel ${i + 1}: Das Feld „${rule.field}“ ist kein Pfad aus Feldnamen (z. B. antragsteller.geburtsdatum).` });
    }
    if (rule.pattern !== undefined) {
      if (rule.pattern.length > MAX_PATTERN || NESTED_QUANTIFIER.test(rule.pattern)) {
        throw new AppError('validation_failed', { field: `${at}/pattern`, detail: `Regel ${i + 1}: Das Muster ist zu lang oder enthält verschachtelte Wiederholungen wie (a+)+.` });
      }
      try {
        new RegExp(rule.pattern, 'u');
      } catch {
        throw new AppError('validation_failed', { field: `${at}/pattern`, detail: `Regel ${i + 1}: Das Muster ist kein gültiger regulärer Ausdruck.` });
      }
    }
    for (const key of ['minDate', 'maxDate'] as const) {
      const value = rule[key];
      if (value !== undefined && (!DATE.test(value) || (value !== 'today' && Number.isNaN(Date.parse(value))))) {
        throw new AppError('validation_failed', { field: `${at}/${key}`, detail: `Regel ${i + 1}: „${value}“ ist kein Datum (JJJJ-MM-TT oder today).` });
      }
    }
    if (!rule.required && !rule.format && rule.pattern === undefined && !rule.minDate && !rule.maxDate) {
      throw new AppError('validation_failed', { field: at, detail: `Regel ${i + 1}: Bitte geben Sie an, was geprüft wird (Pflichtfeld, Format, Muster oder Datumsbereich).` });
    }
  });
  return rules;
}

function valuesAt(items: FormItem[], path: string[]): FormItem[] {
  const [head, ...rest] = path;
  const matching = items.filter((item) => item.name === head);
  return rest.length === 0 ? matching : matching.flatMap((item) => valuesAt(item.formItems ?? [], rest));
}

function textOf(item: FormItem): string | null {
  const value = item.stringValue ?? item.dateValue ?? (item.numberValue !== undefined ? String(item.numberValue) : undefined)
    ?? (item.booleanValue !== undefined ? String(item.booleanValue) : undefined);
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function resolveDate(value: string, today: string): string {
  return value === 'today' ? today : value;
}

/** The built-in processor: every rule against the form data, one check per rule (and copy). */
export function checkPlausibility(rules: PlausibilityRule[], formData: FormItem[], now = new Date()): ProcessorCheck[] {
  const today = now.toISOString().slice(0, 10);
  const checks: ProcessorCheck[] = [];
  for (const rule of rules) {
    const label = rule.label ?? rule.field;
    const severity = rule.severity ?? 'error';
    const fail = (text: string) => checks.push({ passed: false, severity, field: rule.field, message: rule.message ?? `${label} ${text}.` });
    const items = valuesAt(formData, rule.field.split('.'));
    const values = items.map(textOf).filter((v): v is string => v !== null);
    if (values.length === 0) {
      if (rule.required) fail('fehlt');
      else checks.push({ passed: true, severity: 'info', field: rule.field, message: `${label}: nicht angegeben (kein Pflichtfeld).` });
      continue;
    }
    let failed = false;
    for (const value of values) {
      if (rule.format && !FORMATS[rule.format].re.test(value.replace(/\s/g, rule.format === 'iban' ? '' : ' '))) {
        fail(`„${value.slice(0, 60)}“ ${FORMATS[rule.format].text}`);
        failed = true;
      } else if (rule.pattern !== undefined && (value.length > MAX_MATCHED_VALUE || !new RegExp(rule.pattern, 'u').test(value))) {
        fail(`„${value.slice(0, 60)}“ hat nicht das erwartete Format`);
        failed = true;
      } else if ((rule.minDate || rule.maxDate) && !FORMATS.date.re.test(value)) {
        fail(`„${value.slice(0, 60)}“ ${FORMATS.date.text}`);
        failed = true;
      } else if (rule.minDate && value < resolveDate(rule.minDate, today)) {
        fail(`(${value}) liegt vor dem ${resolveDate(rule.minDate, today)}`);
        failed = true;
      } else if (rule.maxDate && value > resolveDate(rule.maxDate, today)) {
        fail(`(${value}) liegt nach dem ${resolveDate(rule.maxDate, today)}`);
        failed = true;
      }
    }
    if (!failed) checks.push({ passed: true, severity: 'info', field: rule.field, message: `${label}: plausibel.` });
  }
  return checks;
}
