import { withPlatform, type Database } from '../db/database.js';
import { ownersOf, type Owner } from '../identifiers/repository.js';
import { normaliseIdentifier, type Scheme } from '../identifiers/schemes.js';
import type { RoutingHints } from './types.js';

export interface IdentifierMatch { scheme: string; value_key: string; tenant_id: string; org_unit_id: string | null }

/** The (scheme, key) pairs a batch's hints ask about, for one look-up. */
export function identifierPairs(hintsList: RoutingHints[]): Array<{ scheme: Scheme; key: string }> {
  const pairs = new Map<string, { scheme: Scheme; key: string }>();
  for (const hints of hintsList) {
    for (const h of hints.identifiers ?? []) {
      const key = normaliseIdentifier(h.value);
      if (key) for (const scheme of h.schemes) pairs.set(`${scheme}\u0000${key}`, { scheme, key });
    }
  }
  return [...pairs.values()];
}

/** Every match for the hints, in the order the channel ranked them (most specific field first). */
export function matchesOf(hints: RoutingHints, rows: readonly IdentifierMatch[]): IdentifierMatch[] {
  const found: IdentifierMatch[] = [];
  for (const h of hints.identifiers ?? []) {
    const key = normaliseIdentifier(h.value);
    for (const scheme of h.schemes) {
      const row = rows.find((r) => r.scheme === scheme && r.value_key === key);
      if (row) found.push(row);
    }
  }
  return found;
}

/** The org unit the first identifier naming one points to (an explicit mapping beats a short code). */
export function orgUnitByIdentifier(hints: RoutingHints, rows: readonly IdentifierMatch[], tenantId: string): string | undefined {
  return matchesOf(hints, rows).find((m) => m.tenant_id === tenantId && m.org_unit_id)?.org_unit_id ?? undefined;
}

/** Platform senders: the owners of the hints' identifiers across tenants (active tenants only). */
export async function lookUpIdentifiers(db: Database, hints: RoutingHints): Promise<IdentifierMatch[]> {
  const pairs = identifierPairs([hints]);
  if (pairs.length === 0) return [];
  const owners: Owner[] = await withPlatform(db, (trx) => ownersOf(trx, pairs));
  return owners.filter((o) => o.tenant_active);
}
