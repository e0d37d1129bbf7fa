import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { notFound } from '../shared/errors.js';
import { insertApiToken } from './api-tokens.js';
import type { Actor, Scope } from './principal.js';

export interface ApiTokenView {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function listApiTokens(db: Database, tenantId: string): Promise<ApiTokenView[]> {
  const rows = await withTenant(db, { tenantId }, (trx) =>
    trx
      .selectFrom('api_tokens')
      .select(['id', 'name', 'scopes', 'created_at', 'last_used_at', 'revoked_at'])
      .orderBy('created_at', 'desc')
      .execute(),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scopes: r.scopes as Scope[],
    createdAt: new Date(r.created_at).toISOString(),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  }));
}

export async function createApiTokenAsAdmin(
  db: Database,
  tenantId: string,
  input: { name: string; scopes: Scope[] },
  actor: Actor,
): Promise<{ id: string; token: string }> {
  return withTenant(db, { tenantId }, async (trx) => {
    const created = await insertApiToken(trx, tenantId, {
      name: input.name.trim(),
      scopes: input.scopes,
      createdBy: actor.kind === 'user' ? actor.id : null,
    });
    await appendEvent(trx, tenantId, {
      caseId: null,
      type: 'api_token.created',
      actor,
      data: { tokenId: created.id, name: input.name.trim(), scopes: input.scopes },
    });
    return created;
  });
}

export async function revokeApiToken(db: Database, tenantId: string, tokenId: string, actor: Actor): Promise<void> {
  await withTenant(db, { tenantId }, async (trx) => {
    const revoked = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!revoked) {
      const exists = await trx.selectFrom('api_tokens').select('id').where('id', '=', tokenId).executeTakeFirst();
      if (!exists) throw notFound('Der API-Schlüssel');
      return;
    }
    await appendEvent(trx, tenantId, { caseId: null, type: 'api_token.revoked', actor, data: { tokenId } });
  });
}
