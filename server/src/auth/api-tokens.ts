import { sql } from 'kysely';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { randomToken, sha256Hex, uuidv7 } from '../shared/ids.js';
import { PERMISSIONS, type Permission, type TokenPrincipal } from './principal.js';
import { AppError } from '../shared/errors.js';

export const API_TOKEN_PREFIX = 'adk_';

/** Creates a machine token. The plain token is returned once; only its hash is stored. */
export async function createApiToken(
  db: Database,
  tenantId: string,
  input: { name: string; scopes: Permission[]; createdBy: string | null },
): Promise<{ id: string; token: string }> {
  return withTenant(db, { tenantId }, (trx) => insertApiToken(trx, tenantId, input));
}

/** The same inside the caller's transaction (admin route: token and history event commit together). */
export async function insertApiToken(
  trx: Trx,
  tenantId: string,
  input: { name: string; scopes: Permission[]; createdBy: string | null },
): Promise<{ id: string; token: string }> {
  for (const scope of input.scopes) {
    if (!(PERMISSIONS as readonly string[]).includes(scope)) {
      throw new AppError('validation_failed', { field: 'scopes', detail: `Die Berechtigung „${scope}“ ist unbekannt.` });
    }
  }
  const id = uuidv7();
  const token = `${API_TOKEN_PREFIX}${randomToken()}`;
  await trx
    .insertInto('api_tokens')
    .values({ id, tenant_id: tenantId, name: input.name, token_hash: sha256Hex(token), scopes: [...new Set(input.scopes)], created_by: input.createdBy })
    .execute();
  return { id, token };
}

export async function resolveApiToken(db: Database, token: string): Promise<TokenPrincipal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  // One statement on its own (no BEGIN/COMMIT): it runs on every token-authenticated request.
  const row = (await sql<{ id: string; tenant_id: string; scopes: string[] }>`select * from auth_lookup_api_token(${sha256Hex(token)})`.execute(db.kysely)).rows[0];
  if (!row) return null;
  return { kind: 'token', tenantId: row.tenant_id, tokenId: row.id, scopes: row.scopes as Permission[] };
}
