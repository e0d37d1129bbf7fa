import * as client from 'openid-client';
import { sql } from 'kysely';
import type { OidcConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/ids.js';
import { checkOutboundUrl, outboundFetch, type OutboundPolicy } from '../shared/outbound/index.js';

/**
 * The authorization code flow (PKCE, state, nonce) shared by staff sign-in and the citizen portal.
 * The started flow lives in oidc_login_states, tagged with its purpose, so a state started for one
 * can never complete the other.
 */
export type OidcPurpose = 'staff' | 'portal';

const STATE_TTL_MS = 10 * 60_000;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const discovered = new Map<string, Promise<client.Configuration>>();

/**
 * A provider as one flow uses it. A tenant's own provider (configured by its admin) carries the
 * outbound policy: every request to it then goes through the SSRF guard, at connect time.
 */
export interface OidcProvider extends OidcConfig {
  scope?: string;
  outbound?: OutboundPolicy;
}

/** Requests of openid-client through the SSRF guard (the guard resolves and checks every address). */
function guardedFetch(policy: OutboundPolicy) {
  return (url: string, init: { body?: unknown; headers: Record<string, string>; method: string; signal?: AbortSignal }) =>
    outboundFetch(url, { method: init.method, headers: init.headers, body: init.body === undefined || init.body === null ? undefined : String(init.body), signal: init.signal ?? AbortSignal.timeout(10_000) }, policy);
}

/** Discovers the identity provider once per process (per issuer + client + secret). */
export function oidcConfiguration(oidc: OidcProvider): Promise<client.Configuration> {
  const key = `${oidc.issuer}|${oidc.clientId}|${sha256Hex(oidc.clientSecret ?? '')}|${oidc.outbound ? 'guarded' : 'platform'}`;
  let pending = discovered.get(key);
  if (!pending) {
    const issuer = new URL(oidc.issuer);
    // Plain HTTP only for a provider on this machine (development and tests) or, for a tenant's
    // provider, a host the operator allow-listed; never across a network otherwise.
    const insecure = issuer.protocol === 'http:' &&
      (oidc.outbound ? (() => { const c = checkOutboundUrl(issuer, oidc.outbound!); return c.ok && c.checked.allowListed; })() : LOCAL_HOSTS.has(issuer.hostname));
    const guarded = oidc.outbound ? guardedFetch(oidc.outbound) : undefined;
    pending = client.discovery(
      issuer,
      oidc.clientId,
      undefined,
      oidc.clientSecret ? client.ClientSecretPost(oidc.clientSecret) : client.None(),
      { ...(insecure ? { execute: [client.allowInsecureRequests] } : {}), ...(guarded ? { [client.customFetch]: guarded as never } : {}) },
    ).then((config) => {
      if (guarded) config[client.customFetch] = guarded as never;
      return config;
    });
    pending.catch(() => discovered.delete(key));
    discovered.set(key, pending);
  }
  return pending.catch((error: unknown) => {
    throw new AppError('unavailable', { detail: 'Der Anmeldedienst ist derzeit nicht erreichbar.', internal: String(error) });
  });
}

/** Starts an authorization code flow with PKCE for an active tenant; the verifier and nonce stay on the server. */
export async function beginOidcFlow(
  db: Database,
  provider: OidcProvider | ((tenantId: string) => Promise<OidcProvider | null>),
  tenantSlug: string,
  purpose: OidcPurpose,
): Promise<{ url: string; state: string } | null> {
  const tenant = await withPlatform(db, (trx) =>
    trx.selectFrom('tenants').select('id').where('slug', '=', tenantSlug.trim().toLowerCase()).where('status', '=', 'active').executeTakeFirst(),
  );
  if (!tenant) return null;
  const oidc = typeof provider === 'function' ? await provider(tenant.id) : provider;
  if (!oidc) return null;
  const scope = oidc.scope ?? 'openid email profile';
  const config = await oidcConfiguration(oidc);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await withPlatform(db, (trx) => sql`select oidc_purge_login_states()`.execute(trx));
  await withTenant(db, { tenantId: tenant.id }, (trx) =>
    trx
      .insertInto('oidc_login_states')
      .values({ state_hash: sha256Hex(state), tenant_id: tenant.id, code_verifier: codeVerifier, nonce, expires_at: new Date(Date.now() + STATE_TTL_MS), purpose })
      .execute(),
  );
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidc.redirectUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

/** Verified claims of the person: the ID token's, completed from userinfo where the ID token is kept small. */
export type OidcClaims = Record<string, unknown> & { sub: string; iss: string };

export type OidcFlowOutcome =
  | { ok: true; tenantId: string; claims: OidcClaims }
  | { ok: false; reason: 'oidc_abgebrochen' | 'oidc_fehlgeschlagen'; internal: string };

/**
 * Completes the flow: the state must match the one bound to this browser, is consumed once, and the
 * ID token is verified (signature, issuer, audience, nonce). When one of `userinfoFor` is missing from
 * the ID token, userinfo is asked (the same subject enforced).
 */
export async function finishOidcFlow(
  db: Database,
  provider: OidcProvider | ((tenantId: string) => Promise<OidcProvider | null>),
  callbackUrl: URL,
  browserState: string | undefined,
  purpose: OidcPurpose,
  userinfoFor: string[] = ['email'],
): Promise<OidcFlowOutcome> {
  const state = callbackUrl.searchParams.get('state');
  if (callbackUrl.searchParams.get('error')) return { ok: false, reason: 'oidc_abgebrochen', internal: 'provider returned an error' };
  if (!state || !browserState || state !== browserState) return { ok: false, reason: 'oidc_fehlgeschlagen', internal: 'state mismatch' };
  const pending = await withPlatform(db, async (trx) =>
    (await sql<{ tenant_id: string; code_verifier: string; nonce: string; expires_at: Date }>`select * from oidc_take_login_state_for(${sha256Hex(state)}, ${purpose})`.execute(trx)).rows[0],
  );
  if (!pending || new Date(pending.expires_at) < new Date()) return { ok: false, reason: 'oidc_fehlgeschlagen', internal: 'unknown or expired state' };
  try {
    // The provider of the tenant that started this flow: a code or ID token from any other is refused.
    const oidc = typeof provider === 'function' ? await provider(pending.tenant_id) : provider;
    if (!oidc) return { ok: false, reason: 'oidc_fehlgeschlagen', internal: 'no provider for the tenant of this state' };
    const config = await oidcConfiguration(oidc);
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: pending.code_verifier,
      expectedState: state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    let claims: OidcClaims = { ...idToken, sub: idToken.sub, iss: idToken.iss };
    if (userinfoFor.some((name) => claims[name] === undefined) && tokens.access_token) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = { ...info, ...claims };
    }
    return { ok: true, tenantId: pending.tenant_id, claims };
  } catch (error) {
    return { ok: false, reason: 'oidc_fehlgeschlagen', internal: error instanceof Error ? error.message : String(error) };
  }
}

/** The callback URL as the provider redirected to it: the configured redirect URI with the request's query. */
export function callbackUrlOf(redirectUri: string, requestUrl: string): URL {
  const url = new URL(redirectUri);
  url.search = requestUrl.includes('?') ? requestUrl.slice(requestUrl.indexOf('?')) : '';
  return url;
}
