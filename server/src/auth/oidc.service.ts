import * as client from 'openid-client';
import { sql } from 'kysely';
import type { OidcConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/ids.js';

const STATE_TTL_MS = 10 * 60_000;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const discovered = new Map<string, Promise<client.Configuration>>();

/** Discovers the identity provider once per process (per issuer + client). */
export function oidcConfiguration(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer}|${oidc.clientId}`;
  let pending = discovered.get(key);
  if (!pending) {
    const issuer = new URL(oidc.issuer);
    // Plain HTTP only for a provider on this machine (development and tests), never across a network.
    const insecure = issuer.protocol === 'http:' && LOCAL_HOSTS.has(issuer.hostname);
    pending = client.discovery(
      issuer,
      oidc.clientId,
      undefined,
      oidc.clientSecret ? client.ClientSecretPost(oidc.clientSecret) : client.None(),
      insecure ? { execute: [client.allowInsecureRequests] } : undefined,
    );
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending.catch((error: unknown) => {
    throw new AppError('unavailable', { detail: 'Der Anmeldedienst ist derzeit nicht erreichbar.', internal: String(error) });
  });
}

/** Starts an authorization code flow with PKCE; the verifier and nonce stay on the server. */
export async function startOidcLogin(db: Database, oidc: OidcConfig, tenantSlug: string): Promise<{ url: string; state: string } | null> {
  const tenant = await withPlatform(db, (trx) =>
    trx.selectFrom('tenants').select('id').where('slug', '=', tenantSlug.trim().toLowerCase()).where('status', '=', 'active').executeTakeFirst(),
  );
  if (!tenant) return null;
  const config = await oidcConfiguration(oidc);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await withPlatform(db, (trx) => sql`select oidc_purge_login_states()`.execute(trx));
  await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .insertInto('oidc_login_states')
      .values({ state_hash: sha256Hex(state), tenant_id: tenant.id, code_verifier: codeVerifier, nonce, expires_at: new Date(Date.now() + STATE_TTL_MS) })
      .execute(),
  );
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUri,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

export type OidcOutcome =
  | { ok: true; tenantId: string; userId: string }
  | { ok: false; reason: 'oidc_abgebrochen' | 'oidc_fehlgeschlagen' | 'oidc_unbekannt'; internal: string };

/**
 * Completes the flow: the state must match the one bound to this browser, is consumed once, and the
 * ID token is verified (signature, issuer, audience, nonce). The person is matched to an active user
 * of the tenant by subject, else by verified e-mail address (then the subject is linked).
 */
export async function completeOidcLogin(db: Database, oidc: OidcConfig, callbackUrl: URL, browserState: string | undefined): Promise<OidcOutcome> {
  const state = callbackUrl.searchParams.get('state');
  if (callbackUrl.searchParams.get('error')) return { ok: false, reason: 'oidc_abgebrochen', internal: 'provider returned an error' };
  if (!state || !browserState || state !== browserState) return { ok: false, reason: 'oidc_fehlgeschlagen', internal: 'state mismatch' };
  const pending = await withPlatform(db, async (trx) =>
    (await sql<{ tenant_id: string; code_verifier: string; nonce: string; expires_at: Date }>`select * from oidc_take_login_state(${sha256Hex(state)})`.execute(trx)).rows[0],
  );
  if (!pending || new Date(pending.expires_at) < new Date()) return { ok: false, reason: 'oidc_fehlgeschlagen', internal: 'unknown or expired state' };
  let claims: PersonClaims;
  try {
    const config = await oidcConfiguration(oidc);
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    claims = { sub: idToken.sub, iss: idToken.iss, email: idToken.email, email_verified: idToken.email_verified };
    if (claims.email === undefined && tokens.access_token) {
      // Providers that keep the ID token small deliver the e-mail address via userinfo (same subject enforced).
      const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...claims, email: info.email, email_verified: info.email_verified };
    }
  } catch (error) {
    return { ok: false, reason: 'oidc_fehlgeschlagen', internal: error instanceof Error ? error.message : String(error) };
  }
  const userId = await matchUser(db, pending.tenant_id, claims);
  if (!userId) return { ok: false, reason: 'oidc_unbekannt', internal: 'no active user for subject or verified e-mail' };
  return { ok: true, tenantId: pending.tenant_id, userId };
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
