import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';

export interface ViewRow {
  id: string;
  owner_id: string;
  owner_name: string;
  name: string;
  query: string;
  shared: boolean;
  created_at: Date;
  updated_at: Date;
}

function viewQuery(trx: Trx, tenantId: string) {
  return trx
    .selectFrom('saved_views')
    .innerJoin('users', 'users.id', 'saved_views.owner_id')
    .select([
      'saved_views.id', 'saved_views.owner_id', 'users.display_name as owner_name', 'saved_views.name', 'saved_views.query',
      'saved_views.shared', 'saved_views.created_at', 'saved_views.updated_at',
    ])
    .where('saved_views.tenant_id', '=', tenantId);
}

/** The person's own views and the views shared with the tenant: own first, then by name. */
export async function listVisibleViews(trx: Trx, tenantId: string, userId: string): Promise<ViewRow[]> {
  return viewQuery(trx, tenantId)
    .where((eb) => eb.or([eb('saved_views.owner_id', '=', userId), eb('saved_views.shared', '=', true)]))
    .orderBy(sql`saved_views.owner_id = ${userId}`, 'desc')
    .orderBy(sql`lower(saved_views.name)`)
    .orderBy('saved_views.id')
    .execute();
}

export async function findView(trx: Trx, tenantId: string, viewId: string): Promise<ViewRow | undefined> {
  return viewQuery(trx, tenantId).where('saved_views.id', '=', viewId).forUpdate('saved_views').executeTakeFirst();
}

/** Another of the owner's views with this name (case-insensitive), if any. */
export async function findNameClash(trx: Trx, tenantId: string, ownerId: string, name: string, exceptId?: string): Promise<boolean> {
  let query = trx
    .selectFrom('saved_views')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('owner_id', '=', ownerId)
    .where(sql`lower(name)`, '=', name.toLowerCase());
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function insertView(
  trx: Trx, tenantId: string, ownerId: string, input: { name: string; query: string; shared: boolean },
): Promise<string> {
  const id = uuidv7();
  const now = new Date();
  await trx
    .insertInto('saved_views')
    .values({ id, tenant_id: tenantId, owner_id: ownerId, ...input, created_at: now, updated_at: now })
    .execute();
  return id;
}

export async function updateView(
  trx: Trx, tenantId: string, viewId: string, changes: Partial<{ name: string; query: string; shared: boolean }>,
): Promise<void> {
  await trx.updateTable('saved_views').set({ ...changes, updated_at: new Date() }).where('tenant_id', '=', tenantId).where('id', '=', viewId).execute();
}

export async function deleteView(trx: Trx, tenantId: string, viewId: string): Promise<void> {
  await trx.deleteFrom('saved_views').where('tenant_id', '=', tenantId).where('id', '=', viewId).execute();
}
