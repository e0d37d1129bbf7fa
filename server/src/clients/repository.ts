import type { Trx } from '../db/database.js';

export interface ClientRow {
  id: string;
  client_id: string;
  name: string;
  scopes: string[];
  service_ids: string[];
  webhook_url: string | null;
  created_at: Date;
  secret_rotated_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = ['id', 'client_id', 'name', 'scopes', 'service_ids', 'webhook_url', 'created_at', 'secret_rotated_at', 'revoked_at'] as const;

export async function listClientRows(trx: Trx): Promise<ClientRow[]> {
  return trx.selectFrom('fachverfahren_clients').select(COLUMNS).orderBy('created_at', 'desc').execute();
}

/** One client of the transaction's tenant (row-level security), locked for a change. */
export async function lockClient(trx: Trx, id: string): Promise<ClientRow | undefined> {
  return trx.selectFrom('fachverfahren_clients').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findActiveClient(trx: Trx, id: string): Promise<ClientRow | undefined> {
  return trx.selectFrom('fachverfahren_clients').select(COLUMNS).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}

/** The services of this tenant among the ids (to check an admin's choice). */
export async function existingServices(trx: Trx, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (!ids.length) return [];
  return trx.selectFrom('services').select(['id', 'name']).where('id', 'in', ids).execute();
}

export interface RoutingRow { id: string; name: string; new_cases_to: string; new_cases_client_id: string | null }

export async function serviceRouting(trx: Trx): Promise<RoutingRow[]> {
  return trx.selectFrom('services').select(['id', 'name', 'new_cases_to', 'new_cases_client_id']).orderBy('name').execute();
}
