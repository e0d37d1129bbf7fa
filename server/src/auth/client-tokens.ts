import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { sha256Hex } from '../shared/ids.js';
import type { ClientPrincipal, Scope } from './principal.js';

/*
 * Access tokens of registered Fachverfahren (OAuth2 client credentials, issued by server/src/clients).
 * Opaque and short-lived; only their SHA-256 is stored, so revoking the client ends them at once and a
 * stolen database copy holds no usable token.
 */

/** Prefix of a client's public id (client_id). */
export const CLIENT_ID_PREFIX = 'adkc_';
/** Prefix of a client secret. */
export const CLIENT_SECRET_PREFIX = 'adks_';
/** Prefix of an access token issued by the token endpoint. */
export const CLIENT_ACCESS_TOKEN_PREFIX = 'adka_';

interface ResolvedRow { tenant_id: string; client_id: string; name: string; scopes: string[]; service_ids: string[] }

/** The Fachverfahren behind a bearer access token, or null (unknown, expired, client revoked). */
export async function resolveClientAccessToken(db: Database, token: string): Promise<ClientPrincipal | null> {
  if (!token.startsWith(CLIENT_ACCESS_TOKEN_PREFIX)) return null;
  const { rows } = await sql<ResolvedRow>`select * from fachverfahren_resolve_token(${sha256Hex(token)})`.execute(db.kysely);
  const row = rows[0];
  if (!row) return null;
  return {
    kind: 'client', tenantId: row.tenant_id, clientId: row.client_id, clientName: row.name,
    scopes: row.scopes as Scope[], serviceIds: row.service_ids,
  };
}
