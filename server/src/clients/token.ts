import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { CLIENT_SCOPES, type ClientScope } from '../auth/permissions/catalog.js';
import { newAccessToken, secretMatches } from './credentials.js';

/*
 * The OAuth2 token endpoint's logic (RFC 6749 §4.4, client credentials grant). Answers are the RFC's
 * own error codes (§5.2), not problem+json: OAuth client libraries of vendors switch on them.
 */

export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope';

export class OAuthError extends Error {
  constructor(readonly error: OAuthErrorCode, readonly description: string) {
    super(error);
  }
}

export interface TokenRequest {
  grantType: string | undefined;
  scope: string | undefined;
  /** From HTTP Basic (client_secret_basic) or the form (client_secret_post); never both. */
  clientId: string | undefined;
  clientSecret: string | undefined;
}

export interface IssuedToken { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string }

interface ClientLookup { id: string; tenant_id: string; secret_hash: string | null; scopes: string[] }

function requestedScopes(raw: string | undefined, granted: readonly string[]): ClientScope[] {
  const allowed = granted.filter((s): s is ClientScope => (CLIENT_SCOPES as readonly string[]).includes(s));
  if (raw === undefined || raw.trim() === '') return allowed;
  const wanted = [...new Set(raw.trim().split(/ +/))];
  const refused = wanted.find((s) => !(allowed as readonly string[]).includes(s));
  if (refused) throw new OAuthError('invalid_scope', `Die Berechtigung „${refused}“ ist diesem Fachverfahren nicht erteilt.`);
  return wanted as ClientScope[];
}

export async function issueAccessToken(db: Database, request: TokenRequest, ttlSeconds: number): Promise<IssuedToken> {
  if (!request.grantType) throw new OAuthError('invalid_request', 'Der Parameter „grant_type“ fehlt.');
  if (request.grantType !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'Unterstützt wird nur „grant_type=client_credentials“.');
  }
  if (!request.clientId || !request.clientSecret) {
    throw new OAuthError('invalid_client', 'Client-Kennung und Geheimnis fehlen (HTTP Basic oder „client_id“ und „client_secret“).');
  }
  const { rows } = await sql<ClientLookup>`select * from fachverfahren_lookup_client(${request.clientId})`.execute(db.kysely);
  const client = rows[0];
  // One answer for an unknown client and a wrong secret: the endpoint does not confirm client ids.
  if (!client || !client.secret_hash || !secretMatches(request.clientSecret, client.secret_hash)) {
    throw new OAuthError('invalid_client', 'Client-Kennung oder Geheimnis ist falsch, oder das Fachverfahren wurde widerrufen.');
  }
  const scopes = requestedScopes(request.scope, client.scopes);
  const { token, hash } = newAccessToken();
  await withTenant(db, { tenantId: client.tenant_id }, async (trx) => {
    // Expired tokens of this client are cleared whenever it gets a new one.
    await trx.deleteFrom('fachverfahren_access_tokens').where('client_id', '=', client.id).where('expires_at', '<=', new Date()).execute();
    await trx.insertInto('fachverfahren_access_tokens').values({
      token_hash: hash, tenant_id: client.tenant_id, client_id: client.id, scopes, expires_at: new Date(Date.now() + ttlSeconds * 1000),
    }).execute();
  });
  return { access_token: token, token_type: 'Bearer', expires_in: ttlSeconds, scope: scopes.join(' ') };
}
