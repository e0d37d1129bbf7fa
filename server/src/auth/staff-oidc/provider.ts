import type { AppConfig } from '../../config.js';
import { withPlatform, withTenant, type Database, type Trx } from '../../db/database.js';
import type { StaffOidcProvidersTable } from '../../db/schema.js';
import type { OidcProvider } from '../oidc-code-flow.js';

export type ProviderRow = Omit<StaffOidcProvidersTable, 'use_platform' | 'scopes' | 'groups_claim' | 'role_source' | 'password_login' | 'enabled' | 'updated_at'> & {
  use_platform: boolean; scopes: string; groups_claim: string; role_source: 'idp' | 'local'; password_login: boolean; enabled: boolean; updated_at: Date;
};

export async function findProvider(trx: Trx, tenantId: string): Promise<ProviderRow | undefined> {
  return (await trx.selectFrom('staff_oidc_providers').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst()) as ProviderRow | undefined;
}

/** The staff callback every provider redirects to; the state tells which tenant (and provider) it belongs to. */
export function staffRedirectUri(config: Pick<AppConfig, 'oidc' | 'publicUrl'>): string {
  return config.oidc?.redirectUri ?? `${config.publicUrl}/api/auth/oidc/callback`;
}

/**
 * The provider a tenant's staff sign in with: its own (every request through the SSRF guard), the
 * platform's state-wide realm when it chose that, or — without a configuration of its own — the
 * installation-wide provider as before (existing accounts only, no provisioning).
 */
export function staffProviderOf(row: ProviderRow | undefined, config: Pick<AppConfig, 'oidc' | 'publicUrl' | 'outbound'>): OidcProvider | null {
  if (!row) return config.oidc ?? null;
  if (!row.enabled) return null;
  if (row.use_platform) return config.oidc ? { ...config.oidc, scope: row.scopes } : null;
  return {
    issuer: row.issuer!, clientId: row.client_id!, clientSecret: row.client_secret ?? undefined,
    redirectUri: staffRedirectUri(config), scope: row.scopes, outbound: config.outbound,
  };
}

/** Resolver for the shared code flow: the provider of the tenant that started (or finishes) the flow. */
export function staffProviderResolver(db: Database, config: Pick<AppConfig, 'oidc' | 'publicUrl' | 'outbound'>) {
  return async (tenantId: string): Promise<OidcProvider | null> =>
    staffProviderOf(await withTenant(db, { tenantId }, (trx) => findProvider(trx, tenantId)), config);
}

export interface SignInOptions {
  /** The button's provider name, or null without OIDC for this tenant. */
  oidcProvider: string | null;
  passwordLogin: boolean;
}

const PLATFORM_PROVIDER_NAME = 'Single Sign-on';

/** What the sign-in page offers for a tenant (by slug). An unknown tenant gets the installation's defaults. */
export async function signInOptions(db: Database, config: Pick<AppConfig, 'oidc'>, tenantSlug: string): Promise<SignInOptions> {
  const fallback: SignInOptions = { oidcProvider: config.oidc ? PLATFORM_PROVIDER_NAME : null, passwordLogin: true };
  const tenant = await withPlatform(db, (trx) =>
    trx.selectFrom('tenants').select('id').where('slug', '=', tenantSlug.trim().toLowerCase()).where('status', '=', 'active').executeTakeFirst(),
  );
  if (!tenant) return fallback;
  const row = await withTenant(db, { tenantId: tenant.id }, (trx) => findProvider(trx, tenant.id));
  if (!row) return fallback;
  const usable = row.enabled && (!row.use_platform || Boolean(config.oidc));
  return { oidcProvider: usable ? row.display_name : null, passwordLogin: row.password_login || !usable };
}

/** Password sign-in is switched off for this tenant (only while its provider is usable). */
export async function passwordLoginDisabled(trx: Trx, tenantId: string, config: Pick<AppConfig, 'oidc'>): Promise<boolean> {
  const row = await findProvider(trx, tenantId);
  if (!row || row.password_login || !row.enabled) return false;
  return !row.use_platform || Boolean(config.oidc);
}
