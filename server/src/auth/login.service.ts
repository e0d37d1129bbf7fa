import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { listed, permissionsOfRoles, type Permission } from './permissions/catalog.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/ids.js';
import { appendEvent } from '../events/chain.js';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.js';
import { createUserSession, type NewSession } from './sessions.js';
import type { Role } from './principal.js';
import type { AppConfig } from '../config.js';
import { passwordLoginDisabled } from './staff-oidc/provider.js';

export interface MeData {
  user: { id: string; displayName: string; email: string; roles: Role[]; orgUnitIds: string[] };
  tenant: { id: string; slug: string; name: string };
  permissions: Permission[];
}

const invalidCredentials = () => new AppError('invalid_credentials', { detail: 'Kommune, E-Mail-Adresse oder Passwort ist falsch.' });

/**
 * Local sign-in. Unknown tenant, unknown user, wrong password and deactivated account all give the
 * same answer after the same amount of work (one argon2 verification), so accounts cannot be probed.
 */
export async function loginWithPassword(
  db: Database,
  input: { tenant: string; email: string; password: string },
  ttlHours: number,
  config: Pick<AppConfig, 'oidc'> = {},
): Promise<{ session: NewSession; tenantId: string; userId: string }> {
  const tenant = await withPlatform(db, (trx) =>
    trx.selectFrom('tenants').select(['id', 'status']).where('slug', '=', input.tenant.trim().toLowerCase()).executeTakeFirst(),
  );
  // Decided per tenant, not per account, so the answer says nothing about whether an account exists.
  if (tenant?.status === 'active' && (await withTenant(db, { tenantId: tenant.id }, (trx) => passwordLoginDisabled(trx, tenant.id, config)))) {
    throw new AppError('password_login_disabled');
  }
  const user =
    tenant && tenant.status === 'active'
      ? await withTenant(db, { tenantId: tenant.id }, (trx) =>
          trx
            .selectFrom('users')
            .select(['id', 'password_hash', 'active'])
            .where(sql<string>`lower(email)`, '=', input.email.trim().toLowerCase())
            .executeTakeFirst(),
        )
      : undefined;
  const ok = await verifyPassword(user?.active ? user.password_hash : null, input.password);
  if (!tenant || !user || !ok) throw invalidCredentials();
  await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', new Date()).execute(),
  );
  const session = await createUserSession(db, tenant.id, user.id, ttlHours);
  return { session, tenantId: tenant.id, userId: user.id };
}

export async function loadMe(db: Database, tenantId: string, userId: string): Promise<MeData> {
  const row = await withTenant(db, { tenantId }, (trx) =>
    trx
      .selectFrom('users as u')
      .innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select(['u.id', 'u.display_name', 'u.email', 'u.roles', 'u.org_unit_ids', 't.slug', 't.name'])
      .where('u.id', '=', userId)
      .where('u.active', '=', true)
      .executeTakeFirst(),
  );
  if (!row) throw new AppError('unauthenticated');
  return {
    user: { id: row.id, displayName: row.display_name, email: row.email, roles: row.roles as Role[], orgUnitIds: row.org_unit_ids },
    tenant: { id: tenantId, slug: row.slug, name: row.name },
    // From the roles as stored now: a role taken away shows on the next /me, like every check.
    permissions: listed(permissionsOfRoles(row.roles)),
  };
}

/** Redeems a one-time invitation: sets the password, clears the invitation, signs the user in. */
export async function acceptInvite(
  db: Database,
  input: { token: string; password: string },
  ttlHours: number,
): Promise<{ session: NewSession; tenantId: string; userId: string }> {
  const tokenHash = sha256Hex(input.token);
  const invite = await withPlatform(db, async (trx) =>
    (await sql<{ tenant_id: string; user_id: string }>`select * from auth_lookup_invite(${tokenHash})`.execute(trx)).rows[0],
  );
  const invalid = () =>
    new AppError('not_found', { field: 'token', detail: 'Der Einladungslink ist ungültig, abgelaufen oder wurde bereits verwendet.' });
  if (!invite) throw invalid();
  const who = await withTenant(db, { tenantId: invite.tenant_id }, (trx) =>
    trx.selectFrom('users as u').innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select(['u.email', 'u.display_name', 't.name', 't.slug']).where('u.id', '=', invite.user_id).executeTakeFirstOrThrow(),
  );
  assertPasswordAcceptable(input.password, { context: [who.email, who.display_name, who.name, who.slug] });
  const passwordHash = await hashPassword(input.password);
  await withTenant(db, { tenantId: invite.tenant_id }, async (trx) => {
    // Guarded by the token hash: of two concurrent redemptions only one updates the row.
    const updated = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, invite_token_hash: null, invite_expires_at: null })
      .where('id', '=', invite.user_id)
      .where('invite_token_hash', '=', tokenHash)
      .where('invite_expires_at', '>', new Date())
      .returning(['id', 'display_name'])
      .executeTakeFirst();
    if (!updated) throw invalid();
    await appendEvent(trx, invite.tenant_id, {
      caseId: null,
      type: 'user.invite_accepted',
      actor: { kind: 'user', id: updated.id, name: updated.display_name },
      data: { userId: updated.id },
    });
  });
  const session = await createUserSession(db, invite.tenant_id, invite.user_id, ttlHours);
  return { session, tenantId: invite.tenant_id, userId: invite.user_id };
}

/** Public directory for the sign-in page: which municipalities exist (name and slug only). */
export async function searchTenants(db: Database, q: string | undefined): Promise<{ slug: string; name: string }[]> {
  const term = (q ?? '').trim().toLowerCase();
  return withPlatform(db, (trx) => {
    let query = trx.selectFrom('tenants').select(['slug', 'name']).where('status', '=', 'active');
    if (term) {
      const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb(sql<string>`lower(name)`, 'like', like), eb('slug', 'like', like)]));
    }
    return query.orderBy('name').limit(20).execute();
  });
}
