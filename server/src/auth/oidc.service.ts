import { sql } from 'kysely';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { beginOidcFlow, finishOidcFlow } from './oidc-code-flow.js';
import { findProvider, staffProviderResolver } from './staff-oidc/provider.js';
import { provisionStaff } from './staff-oidc/provisioning.js';

type OidcDeps = Pick<AppConfig, 'oidc' | 'publicUrl' | 'outbound'>;

/** Staff sign-in starts the shared authorization code flow (PKCE, state, nonce) with the tenant's provider. */
export function startOidcLogin(db: Database, config: OidcDeps, tenantSlug: string): Promise<{ url: string; state: string } | null> {
  return beginOidcFlow(db, staffProviderResolver(db, config), tenantSlug, 'staff');
}

export type OidcOutcome =
  | { ok: true; tenantId: string; userId: string }
  | { ok: false; reason: 'oidc_abgebrochen' | 'oidc_fehlgeschlagen' | 'oidc_unbekannt' | 'oidc_keine_rolle'; internal: string };

/**
 * Completes the shared flow (state bound to this browser, consumed once, ID token verified against
 * the provider of the tenant that started it). With a provider configured by the tenant, the account
 * is provisioned from the groups (staff-oidc/provisioning.ts); with only the installation-wide one,
 * the person is matched to an active user by subject, else by verified e-mail (then linked).
 */
export async function completeOidcLogin(db: Database, config: OidcDeps, callbackUrl: URL, browserState: string | undefined): Promise<OidcOutcome> {
  const flow = await finishOidcFlow(db, staffProviderResolver(db, config), callbackUrl, browserState, 'staff', ['email', 'groups']);
  if (!flow.ok) return flow;
  const { claims, tenantId } = flow;
  const provisioned = await withTenant(db, { tenantId }, async (trx) => {
    const provider = await findProvider(trx, tenantId);
    return provider ? provisionStaff(trx, tenantId, provider, claims) : null;
  });
  if (provisioned) return provisioned.ok ? { ok: true, tenantId, userId: provisioned.userId } : provisioned;
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
