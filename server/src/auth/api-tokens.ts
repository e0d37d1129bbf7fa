import { sql } from 'kysely';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { randomToken, sha256Hex, uuidv7 } from '../shared/ids.js';
import type { TokenPrincipal } from './principal.js';
import { PERSONAL_SCOPES, SCOPES, type Scope } from './permissions/catalog.js';
import { AppError } from '../shared/errors.js';
import { coalescing } from '../shared/coalesce.js';

export const API_TOKEN_PREFIX = 'adk_';
/** Platform-wide intake tokens of form servers (intake/sender-auth.ts); not principals of any tenant. */
export const PLATFORM_TOKEN_PREFIX = 'adkp_';

/** Creates a machine token. The plain token is returned once; only its hash is stored. */
export async function createApiToken(
  db: Database,
  tenantId: string,
  input: { name: string; scopes: Scope[]; createdBy: string | null },
): Promise<{ id: string; token: string }> {
  return withTenant(db, { tenantId }, (trx) => insertApiToken(trx, tenantId, input));
}

/** The same inside the caller's transaction (admin route: token and history event commit together). */
export async function insertApiToken(
  trx: Trx,
  tenantId: string,
  input: { name: string; scopes: Scope[]; createdBy: string | null },
): Promise<{ id: string; token: string }> {
  for (const scope of input.scopes) {
    if (!(SCOPES as readonly string[]).includes(scope)) {
      throw new AppError('validation_failed', { field: 'scopes', detail: `Die Berechtigung „${scope}“ ist unbekannt.` });
    }
    if (PERSONAL_SCOPES.includes(scope)) {
      throw new AppError('validation_failed', { field: 'scopes', detail: `Die Berechtigung „${scope}“ kann nur Personen über ihre Rolle erteilt werden, nicht einem API-Schlüssel.` });
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
  const row = await tokenLookupOf(db)({ hash: sha256Hex(token) });
  if (!row) return null;
  return { kind: 'token', tenantId: row.tenant_id, tokenId: row.id, scopes: row.scopes as Scope[], usesThisSecond: row.uses };
}

interface TokenRow { token_hash: string; id: string; tenant_id: string; scopes: string[]; uses_this_second: number }
/** One waiting look-up; an object, so that two requests with the same token stay two waiters. */
interface Wanted { hash: string }
const tokenLookups = new WeakMap<Database, (wanted: Wanted) => Promise<(TokenRow & { uses: number }) | undefined>>();

/**
 * Token look-ups run on every token-authenticated request, so they are one statement without
 * BEGIN/COMMIT, and concurrent ones share it (a form server's burst of applications). The same
 * statement counts the token's uses in the current second (migration 0025): each request learns
 * how many uses of its token came before it plus itself, which intake checks against its limit.
 */
function tokenLookupOf(db: Database) {
  let lookup = tokenLookups.get(db);
  if (!lookup) {
    lookup = coalescing(async (wanted: Wanted[]) => {
      const perHash = new Map<string, Wanted[]>();
      for (const w of wanted) perHash.set(w.hash, [...(perHash.get(w.hash) ?? []), w]);
      const hashes = [...perHash.keys()];
      const { rows } = await sql<TokenRow>`select * from auth_lookup_api_tokens_counted(${sql.val(hashes)}::text[],
        ${sql.val(hashes.map((h) => perHash.get(h)!.length))}::integer[])`.execute(db.kysely);
      const found = new Map<Wanted, TokenRow & { uses: number }>();
      for (const row of rows) {
        const waiters = perHash.get(row.token_hash)!;
        // The statement added waiters.length uses; the first waiter is the earliest of them.
        waiters.forEach((w, i) => found.set(w, { ...row, uses: row.uses_this_second - waiters.length + i + 1 }));
      }
      return found;
    });
    tokenLookups.set(db, lookup);
  }
  return lookup;
}
