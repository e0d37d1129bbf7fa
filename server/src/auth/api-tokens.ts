import { sql } from 'kysely';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { randomToken, sha256Hex, uuidv7 } from '../shared/ids.js';
import { PERMISSIONS, type Permission, type TokenPrincipal } from './principal.js';
import { AppError } from '../shared/errors.js';
import { coalescing } from '../shared/coalesce.js';

export const API_TOKEN_PREFIX = 'adk_';
/** Platform-wide intake tokens of form servers (intake/sender-auth.ts); not principals of any tenant. */
export const PLATFORM_TOKEN_PREFIX = 'adkp_';

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
  const row = await tokenLookupOf(db)(sha256Hex(token));
  if (!row) return null;
  return { kind: 'token', tenantId: row.tenant_id, tokenId: row.id, scopes: row.scopes as Permission[] };
}

interface TokenRow { token_hash: string; id: string; tenant_id: string; scopes: string[] }
const tokenLookups = new WeakMap<Database, (hash: string) => Promise<TokenRow | undefined>>();

/**
 * Token look-ups run on every token-authenticated request, so they are one statement without
 * BEGIN/COMMIT, and concurrent ones share it (a form server's burst of applications).
 */
function tokenLookupOf(db: Database) {
  let lookup = tokenLookups.get(db);
  if (!lookup) {
    lookup = coalescing(async (hashes: string[]) => {
      const { rows } = await sql<TokenRow>`select * from auth_lookup_api_tokens(${sql.val(hashes)}::text[])`.execute(db.kysely);
      return new Map(rows.map((r) => [r.token_hash, r]));
    });
    tokenLookups.set(db, lookup);
  }
  return lookup;
}
