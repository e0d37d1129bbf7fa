import type { AppConfig } from '../config.js';
import { withTenant, type Database } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import type { Actor } from '../auth/principal.js';
import { findProvider, staffRedirectUri, type ProviderRow } from '../auth/staff-oidc/provider.js';
import type { StaffOidcMapping, StaffOidcMappingBody, StaffOidcSettings, StaffOidcSettingsBody } from '../auth/staff-oidc/schemas.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertOutboundUrl } from '../shared/outbound/index.js';
import { assertOrgUnitsExist, isUniqueViolation } from './admin-access.js';

type Deps = Pick<AppConfig, 'oidc' | 'publicUrl' | 'outbound'>;

function present(row: ProviderRow | undefined, config: Deps): StaffOidcSettings {
  return {
    configured: Boolean(row), platformAvailable: Boolean(config.oidc),
    displayName: row?.display_name ?? '', usePlatform: row?.use_platform ?? false, issuer: row?.issuer ?? null, clientId: row?.client_id ?? null,
    hasClientSecret: Boolean(row?.client_secret), scopes: row?.scopes ?? 'openid email profile', groupsClaim: row?.groups_claim ?? 'groups',
    roleSource: row?.role_source ?? 'idp', passwordLogin: row?.password_login ?? true, enabled: row?.enabled ?? false,
    redirectUri: staffRedirectUri(config),
  };
}

export async function getStaffOidc(db: Database, tenantId: string, config: Deps): Promise<StaffOidcSettings> {
  return present(await withTenant(db, { tenantId }, (trx) => findProvider(trx, tenantId)), config);
}

const required = (value: string | null | undefined, field: string, label: string): string => {
  const v = value?.trim() ?? '';
  if (!v) throw new AppError('validation_failed', { field, detail: `${label} („${field}“) fehlt.` });
  return v;
};

/** Saves the tenant's provider. The issuer passes the SSRF guard now and again at every request to it. */
export async function saveStaffOidc(db: Database, tenantId: string, body: StaffOidcSettingsBody, actor: Actor, config: Deps): Promise<StaffOidcSettings> {
  if (body.usePlatform && !config.oidc) {
    throw new AppError('validation_failed', { field: 'usePlatform', detail: 'Der Betrieb stellt keinen landesweiten Anbieter bereit („usePlatform“).' });
  }
  if (!body.scopes.split(/\s+/).includes('openid')) {
    throw new AppError('validation_failed', { field: 'scopes', detail: 'Die Scopes („scopes“) müssen „openid“ enthalten.' });
  }
  if (!body.passwordLogin && !body.enabled) {
    throw new AppError('validation_failed', { field: 'passwordLogin', detail: 'Die Anmeldung mit Passwort („passwordLogin“) kann nur abgeschaltet werden, solange die Anmeldung über den Anbieter eingeschaltet ist.' });
  }
  const own = !body.usePlatform;
  const issuer = own ? assertOutboundUrl(required(body.issuer, 'issuer', 'Die Adresse des Anbieters (Issuer)'), config.outbound, { field: 'issuer', label: 'Die Adresse des Anbieters (Issuer)' }).replace(/\/$/, '') : null;
  const clientId = own ? required(body.clientId, 'clientId', 'Die Client-ID') : null;
  return withTenant(db, { tenantId }, async (trx) => {
    const before = await findProvider(trx, tenantId);
    const secret = !own ? null : body.clientSecret?.trim() ? body.clientSecret.trim() : (before?.client_secret ?? null);
    const values = {
      display_name: body.displayName.trim(), use_platform: body.usePlatform, issuer, client_id: clientId, client_secret: secret,
      scopes: body.scopes.trim().split(/\s+/).join(' '), groups_claim: body.groupsClaim, role_source: body.roleSource,
      password_login: body.passwordLogin, enabled: body.enabled, updated_at: new Date(),
    };
    if (!values.display_name) throw new AppError('validation_failed', { field: 'displayName', detail: 'Der Name des Anbieters („displayName“) darf nicht leer sein.' });
    await trx.insertInto('staff_oidc_providers').values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values)).execute();
    // Switching to local roles hands the accounts back to the admins.
    if (body.roleSource === 'local') await trx.updateTable('users').set({ roles_from_idp: false }).where('roles_from_idp', '=', true).execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'staff_oidc.configured', actor, data: {
      usePlatform: body.usePlatform, issuer, clientId, roleSource: body.roleSource, passwordLogin: body.passwordLogin, enabled: body.enabled,
      secretChanged: Boolean(own && body.clientSecret?.trim()),
    } });
    return present(await findProvider(trx, tenantId), config);
  });
}

const presentMapping = (m: { id: string; group_value: string; role: string | null; org_unit_id: string | null }): StaffOidcMapping =>
  ({ id: m.id, groupValue: m.group_value, role: m.role as StaffOidcMapping['role'], orgUnitId: m.org_unit_id });

export async function listMappings(db: Database, tenantId: string): Promise<StaffOidcMapping[]> {
  const rows = await withTenant(db, { tenantId }, (trx) =>
    trx.selectFrom('staff_oidc_mappings').select(['id', 'group_value', 'role', 'org_unit_id']).orderBy('group_value').orderBy('id').execute());
  return rows.map(presentMapping);
}

export async function addMapping(db: Database, tenantId: string, body: StaffOidcMappingBody, actor: Actor): Promise<StaffOidcMapping> {
  const groupValue = body.groupValue.trim();
  if (!groupValue) throw new AppError('validation_failed', { field: 'groupValue', detail: 'Die Gruppe („groupValue“) darf nicht leer sein.' });
  if (!body.role && !body.orgUnitId) {
    throw new AppError('validation_failed', { field: 'role', detail: 'Bitte eine Rolle („role“) oder eine Organisationseinheit („orgUnitId“) wählen.' });
  }
  try {
    return await withTenant(db, { tenantId }, async (trx) => {
      if (body.orgUnitId) await assertOrgUnitsExist(trx, [body.orgUnitId], 'orgUnitId');
      const row = { id: uuidv7(), tenant_id: tenantId, group_value: groupValue, role: body.role ?? null, org_unit_id: body.orgUnitId ?? null };
      await trx.insertInto('staff_oidc_mappings').values(row).execute();
      await appendEvent(trx, tenantId, { caseId: null, type: 'staff_oidc.mapping_changed', actor, data: { added: presentMapping(row) } });
      return presentMapping(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('duplicate', { field: 'groupValue', detail: 'Diese Zuordnung („groupValue“) gibt es bereits.' });
    throw error;
  }
}

export async function removeMapping(db: Database, tenantId: string, id: string, actor: Actor): Promise<void> {
  await withTenant(db, { tenantId }, async (trx) => {
    const gone = await trx.deleteFrom('staff_oidc_mappings').where('id', '=', id).returning(['id', 'group_value', 'role', 'org_unit_id']).executeTakeFirst();
    if (!gone) throw notFound('Die Zuordnung');
    await appendEvent(trx, tenantId, { caseId: null, type: 'staff_oidc.mapping_changed', actor, data: { removed: presentMapping(gone) } });
  });
}
