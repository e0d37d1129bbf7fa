import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Scheme } from './schemes.js';

export interface IdentifierRow {
  id: string;
  scheme: string;
  value: string;
  org_unit_id: string | null;
  created_at: Date;
}
export const COLUMNS = ['id', 'scheme', 'value', 'org_unit_id', 'created_at'] as const;

export interface Owner { scheme: string; value_key: string; tenant_id: string; org_unit_id: string | null; tenant_active: boolean }

/**
 * Who owns these (scheme, key) pairs, across all tenants (SECURITY DEFINER, migration 0029). Callable
 * inside a tenant's transaction; answers ids only.
 */
export async function ownersOf(trx: Trx, pairs: ReadonlyArray<{ scheme: Scheme; key: string }>): Promise<Owner[]> {
  if (pairs.length === 0) return [];
  const { rows } = await sql<Owner>`select * from routing_identifier_owners(${sql.val(pairs.map((p) => p.scheme))}::text[], ${sql.val(pairs.map((p) => p.key))}::text[])`.execute(trx);
  return rows;
}

/** The tenant a FIT-Connect destination is registered for (its keys live in fit_connect_destinations). */
export async function fitDestinationOwners(trx: Trx, destinationIds: readonly string[]): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const id of new Set(destinationIds)) {
    const { rows } = await sql<{ tenant_id: string }>`select * from intake_fit_destination_tenant(${id}::uuid)`.execute(trx);
    if (rows[0]) owners.set(id, rows[0].tenant_id);
  }
  return owners;
}

export async function tenantName(trx: Trx, tenantId: string): Promise<string> {
  const row = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  return row?.name ?? 'unbekannt';
}
