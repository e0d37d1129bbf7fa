import { sql } from 'kysely';
import type { OidcConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { beginOidcFlow, finishOidcFlow } from './oidc-code-flow.js';

/** Staff sign-in starts the shared authorization code flow (PKCE, state, nonce). */
export function startOidcLogin(db: Database, oidc: OidcConfig, tenantSlug: string): Promise<{ url: string; state: string } | null> {
  return beginOidcFlow(db, oidc, tenantSlug, 'staff');
}

export type OidcOutcome =
  | { ok: true; tenantId: string; userId: string }
  | { ok: false; reason: 'oidc_abgebrochen' | 'oidc_fehlgeschlagen' | 'oidc_unbekannt'; internal: string };

/**
 * Completes the shared flow (state bound to this browser, consumed once, ID token verified). The person
 * is matched to an active user of the tenant by subject, else by verified e-mail address (then the
 * subject is linked).
 */
export async function completeOidcLogin(db: Database, oidc: OidcConfig, callbackUrl: URL, browserState: string | undefined): Promise<OidcOutcome> {
  const flow = await finishOidcFlow(db, oidc, callbackUrl, browserState, 'staff');
  if (!flow.ok) return flow;
  const { claims, tenantId } = flow;
  const userId = await matchUser(db, tenantId, claims);
  if (!userId) return { ok: false, reason: 'oidc_unbekannt', internal: 'no active user for subject or verified e-mail' };
  return { ok: true, tenantId, userId };
}

interface PersonClaims { sub: string; iss: string; email?: unknown; email_verified?: unknown }

async function matchUser(db: Database, tenantId: string, claims: PersonClaims): Promise<string | null> {
  return withTenant(db, { tenantId }, async (trx) => {
    const bySubject = await trx.selectFrom('users').select(['id', 'active']).where('oidc_subject', '=', claims.sub).executeTakeFirst();
    if (bySubject) return bySubject.active ? bySubject.id : null;
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email || claims.email_verified !== true) return null;
    const byEmail = await trx
      .selectFrom('users')
      .select(['id', 'display_name'])
      .where(sql<string>`lower(email)`, '=', email)
      .where('active', '=', true)
      .where('oidc_subject', 'is', null)
      .executeTakeFirst();
    if (!byEmail) return null;
    await trx.updateTable('users').set({ oidc_subject: claims.sub }).where('id', '=', byEmail.id).execute();
    await appendEvent(trx, tenantId, {
      caseId: null,
      type: 'user.oidc_linked',
      actor: { kind: 'user', id: byEmail.id, name: byEmail.display_name },
      data: { userId: byEmail.id, issuer: claims.iss },
    });
    return byEmail.id;
  });
}
