import type { FormItem } from '../../db/schema.js';
import { AppError } from '../../shared/errors.js';

/**
 * Arbitrary JSON form data (FIT-Connect Fachdaten) → labelled form tree: objects become groups,
 * arrays become repeated items of the same name, scalars typed values. Bounded depth and size.
 */
export function formTreeFromJson(value: unknown, limits: { maxDepth: number; maxItems: number }): FormItem[] {
  let count = 0;
  const item = (name: string, v: unknown, depth: number): FormItem[] => {
    if (depth > limits.maxDepth) throw new AppError('bad_request', { field: 'data', detail: 'Die Fachdaten sind zu tief verschachtelt.' });
    if (++count > limits.maxItems) throw new AppError('validation_failed', { field: 'data', detail: 'Die Fachdaten enthalten zu viele Felder.' });
    if (Array.isArray(v)) return v.flatMap((entry) => item(name, entry, depth + 1));
    if (v && typeof v === 'object') return [{ name, label: name, formItems: Object.entries(v).flatMap(([k, inner]) => item(k, inner, depth + 1)) }];
    if (typeof v === 'boolean') return [{ name, label: name, booleanValue: v }];
    if (typeof v === 'number') return [{ name, label: name, numberValue: v }];
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))) return [{ name, label: name, dateValue: v }];
    return [{ name, label: name, stringValue: v === null || v === undefined ? '' : String(v) }];
  };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return item('fachdaten', value, 1);
  return Object.entries(value).flatMap(([k, v]) => item(k, v, 1));
}
