import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { randomToken, sha256Hex } from '../shared/ids.js';
import type { OperatorPrincipal, Role, UserPrincipal } from './principal.js';

export const SESSION_COOKIE = 'amtsdesk_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Sessions are stored by token hash only: a database dump cannot be replayed as a login. */
export async function createUserSession(db: Database, tenantId: string, userId: string, ttlHours: number): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await withTenant(db, { tenantId }, (trx) =>
    trx.insertInto('sessions').values({ token_hash: sha256Hex(token), tenant_id: tenantId, user_id: userId, csrf_token: csrfToken, expires_at: expiresAt }).execute(),
  );
  return { token, csrfToken, expiresAt };
}

export async function createOperatorSession(db: Database, operatorId: string, ttlHours: number): Promise<NewSession> {
  const token = `op_${randomToken()}`;
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await withPlatform(db, (trx) =>
    trx.insertInto('operator_sessions').values({ token_hash: sha256Hex(token), operator_id: operatorId, csrf_token: csrfToken, expires_at: expiresAt }).execute(),
  );
  return { token, csrfToken, expiresAt };
}

export async function resolveSession(db: Database, token: string): Promise<UserPrincipal | OperatorPrincipal | null> {
  const hash = sha256Hex(token);
  if (token.startsWith('op_')) {
    return withPlatform(db, async (trx) => {
      const row = await trx
        .selectFrom('operator_sessions as s')
        .innerJoin('operators as o', 'o.id', 's.operator_id')
        .select(['o.id', 'o.display_name', 's.csrf_token'])
        .where('s.token_hash', '=', hash)
        .where('s.expires_at', '>', new Date())
        .executeTakeFirst();
      return row ? { kind: 'operator', operatorId: row.id, displayName: row.display_name, csrfToken: row.csrf_token } : null;
    });
  }
  const session = await withPlatform(db, async (trx) =>
    (await sql<{ tenant_id: string; user_id: string; csrf_token: string }>`select * from auth_lookup_session(${hash})`.execute(trx)).rows[0],
  );
  if (!session) return null;
  return withTenant(db, { tenantId: session.tenant_id }, async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['id', 'display_name', 'roles', 'org_unit_ids', 'active'])
      .where('id', '=', session.user_id)
      .executeTakeFirst();
    if (!user || !user.active) return null;
    return {
      kind: 'user',
      tenantId: session.tenant_id,
      userId: user.id,
      displayName: user.display_name,
      roles: user.roles as Role[],
      orgUnitIds: user.org_unit_ids,
      csrfToken: session.csrf_token,
    } satisfies UserPrincipal;
  });
}

export async function deleteSession(db: Database, token: string, tenantId: string | null): Promise<void> {
  const hash = sha256Hex(token);
  if (tenantId) await withTenant(db, { tenantId }, (trx) => trx.deleteFrom('sessions').where('token_hash', '=', hash).execute());
  else await withPlatform(db, (trx) => trx.deleteFrom('operator_sessions').where('token_hash', '=', hash).execute());
}
