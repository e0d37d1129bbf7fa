import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { CACHED_PLAN, withPlatform, withTenant } from '../db/database.js';
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
  // One statement, outside any transaction (decision 0015): the session with its user's current
  // roles and org units, only while the session is unexpired and the user active. Nothing is cached,
  // so a sign-out or a deactivation takes effect on the next request on every instance.
  const { rows } = await sql<{ tenant_id: string; user_id: string; csrf_token: string; display_name: string; roles: string[]; org_unit_ids: string[] }>`${sql.raw(CACHED_PLAN)}select * from auth_resolve_session(${hash})`.execute(db.kysely);
  const row = rows[0];
  if (!row) return null;
  return {
    kind: 'user',
    tenantId: row.tenant_id,
    userId: row.user_id,
    displayName: row.display_name,
    roles: row.roles as Role[],
    orgUnitIds: row.org_unit_ids,
    csrfToken: row.csrf_token,
  } satisfies UserPrincipal;
}

export async function deleteSession(db: Database, token: string, tenantId: string | null): Promise<void> {
  const hash = sha256Hex(token);
  if (tenantId) await withTenant(db, { tenantId }, (trx) => trx.deleteFrom('sessions').where('token_hash', '=', hash).execute());
  else await withPlatform(db, (trx) => trx.deleteFrom('operator_sessions').where('token_hash', '=', hash).execute());
}
