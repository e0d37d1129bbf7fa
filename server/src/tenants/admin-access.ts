import type { Trx } from '../db/database.js';
import { AppError } from '../shared/errors.js';

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** Every id must name an org unit of this tenant (row-level security hides all others: 404). */
export async function assertOrgUnitsExist(trx: Trx, ids: readonly string[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await trx.selectFrom('org_units').select('id').where('id', 'in', unique).execute();
  if (found.length !== unique.length) {
    throw new AppError('not_found', { field, detail: `Die Organisationseinheit („${field}“) wurde nicht gefunden.` });
  }
}

/** { field: { from, to } } for the fields that actually change; the history records exactly these. */
export function diff<T extends Record<string, unknown>>(before: T, patch: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
