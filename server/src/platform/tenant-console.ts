import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { appendEvent } from '../events/chain.js';
import { AppError, notFound } from '../shared/errors.js';
import { randomToken, sha256Hex } from '../shared/ids.js';
import { INVITE_TTL_MS } from '../tenants/users.service.js';

export interface TenantOverviewQuery {
  q?: string;
  limit: number;
  /** Opaque cursor from the previous page: the last tenant's name and id. */
  after?: string;
}

export interface TenantOverviewRow {
  id: string; slug: string; name: string; kind: string; ags: string; status: string; created_at: Date;
  cases: string | number; last_intake_at: Date | null; storage_bytes: string | number | null; files: string | number | null;
  usage_measured_at: Date | null;
}

const encodeCursor = (row: { name: string; id: string }) => Buffer.from(JSON.stringify([row.name, row.id])).toString('base64url');

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { name, id };
  } catch {
    // falls through to the one refusal below
  }
  throw new AppError('validation_failed', { field: 'after', detail: 'Die Seitenmarke („after“) ist ungültig.' });
}

/**
 * One page of tenants with activity and size (platform_tenant_overview, migration 0053): a fixed
 * number of index probes per tenant on the page, whatever the number of tenants or cases.
 */
export async function tenantOverview(db: Database, query: TenantOverviewQuery) {
  const after = query.after ? decodeCursor(query.after) : null;
  const text = query.q?.trim() ? query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`) : null;
  const result = await withPlatform(db, (trx) =>
    sql<TenantOverviewRow>`select * from platform_tenant_overview(${text}::text, ${after?.name ?? null}::text, ${after?.id ?? null}::uuid, ${query.limit + 1}::int)`.execute(trx),
  );
  const items = result.rows.slice(0, query.limit);
  return { items, nextCursor: result.rows.length > query.limit ? encodeCursor(items[items.length - 1]!) : null };
}

/** Measures storage per tenant (one grouped pass over attachments); the background job calls it hourly. */
export async function refreshTenantUsage(db: Database): Promise<number> {
  const result = await withPlatform(db, (trx) => sql<{ n: number }>`select tenant_usage_refresh() as n`.execute(trx));
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * A new invitation link for the tenant's first administration, as long as nobody of it has signed in
 * yet: the old link stops working. Once an admin is active, the tenant invites its own people.
 */
export async function renewFirstAdminInvitation(db: Database, tenantId: string, actor: Actor) {
  const tenant = await withPlatform(db, (trx) => trx.selectFrom('tenants').select(['id', 'slug']).where('id', '=', tenantId).executeTakeFirst());
  if (!tenant) throw notFound('Die Kommune');
  const inviteToken = randomToken();
  return withTenant(db, { tenantId }, async (trx) => {
    const admins = await trx
      .selectFrom('users')
      .select(['id', 'password_hash', 'oidc_subject', 'roles'])
      .where(sql<boolean>`'admin' = any(roles)`)
      .orderBy('created_at')
      .orderBy('id')
      .forUpdate()
      .execute();
    if (admins.length === 0) throw new AppError('conflict', { detail: 'Die Kommune hat keine Administration, die eingeladen werden könnte.' });
    if (admins.some((a) => a.password_hash !== null || a.oidc_subject !== null)) {
      throw new AppError('conflict', { detail: 'Die Administration der Kommune hat sich bereits angemeldet; weitere Personen lädt die Kommune selbst ein.' });
    }
    const first = admins[0]!;
    await trx
      .updateTable('users')
      .set({ invite_token_hash: sha256Hex(inviteToken), invite_expires_at: new Date(Date.now() + INVITE_TTL_MS) })
      .where('id', '=', first.id)
      .execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'user.invited', actor, data: { userId: first.id, roles: first.roles, orgUnitIds: [], renewed: true } });
    return { tenantId, slug: tenant.slug, adminUserId: first.id, inviteToken };
  });
}
