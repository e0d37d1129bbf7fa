import { sql } from 'kysely';
import type { Trx } from '../../db/database.js';
import { appendEvent } from '../../events/chain.js';
import { uuidv7 } from '../../shared/ids.js';
import { ROLES, type Role } from '../permissions/catalog.js';
import type { OidcClaims } from '../oidc-code-flow.js';
import type { ProviderRow } from './provider.js';

export interface Grant { roles: Role[]; orgUnitIds: string[] }

/**
 * The groups a person has, as the provider states them: an array of strings (Keycloak, Entra ID),
 * or one string. Keycloak's full group paths ("/musterstadt/bauamt") and plain names both work,
 * because the admin maps exactly the value the provider sends.
 */
export function groupsOf(claims: OidcClaims, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').slice(0, 500);
  return [];
}

export function grantOf(groups: string[], mappings: { group_value: string; role: string | null; org_unit_id: string | null }[]): Grant {
  const held = new Set(groups);
  const matched = mappings.filter((m) => held.has(m.group_value));
  const roles = ROLES.filter((r) => matched.some((m) => m.role === r));
  const orgUnitIds = [...new Set(matched.flatMap((m) => (m.org_unit_id ? [m.org_unit_id] : [])))].sort();
  return { roles, orgUnitIds };
}

export type Provisioned = { ok: true; userId: string } | { ok: false; reason: 'oidc_unbekannt' | 'oidc_keine_rolle'; internal: string };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

function emailOf(claims: OidcClaims): string | null {
  return typeof claims.email === 'string' && claims.email_verified === true ? claims.email.trim().toLowerCase() : null;
}

function nameOf(claims: OidcClaims, email: string | null): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  const given = [claims.given_name, claims.family_name].filter((v): v is string => typeof v === 'string').join(' ').trim();
  return (name || given || email || claims.sub).slice(0, 200);
}

/**
 * The account of the person who just signed in with the tenant's provider. Found by subject (bound
 * to its issuer), else an account of the verified e-mail address is linked, else one is created
 * (just-in-time) when the groups grant at least one role. With roles from the provider, roles and
 * org units are replaced by the mapping at every sign-in: a group taken away in the provider takes
 * the role away here; without any mapped role the sign-in is refused.
 */
export async function provisionStaff(trx: Trx, tenantId: string, provider: ProviderRow, claims: OidcClaims): Promise<Provisioned> {
  const mappings = await trx.selectFrom('staff_oidc_mappings').select(['group_value', 'role', 'org_unit_id']).where('tenant_id', '=', tenantId).execute();
  const grant = grantOf(groupsOf(claims, provider.groups_claim), mappings);
  const fromIdp = provider.role_source === 'idp';
  const email = emailOf(claims);
  const actor = { kind: 'system' as const, id: null, name: 'Identitätsanbieter' };

  const bySubject = await trx.selectFrom('users').select(['id', 'active', 'roles', 'org_unit_ids', 'oidc_issuer', 'display_name'])
    .where('oidc_subject', '=', claims.sub).forUpdate().executeTakeFirst();
  if (bySubject && bySubject.oidc_issuer !== null && bySubject.oidc_issuer !== claims.iss) {
    return { ok: false, reason: 'oidc_unbekannt', internal: 'subject is bound to another issuer' };
  }
  const existing = bySubject ?? (email
    ? await trx.selectFrom('users').select(['id', 'active', 'roles', 'org_unit_ids', 'oidc_issuer', 'display_name'])
      .where(sql<string>`lower(email)`, '=', email).where('oidc_subject', 'is', null).forUpdate().executeTakeFirst()
    : undefined);

  if (existing) {
    if (!existing.active) return { ok: false, reason: 'oidc_unbekannt', internal: 'account deactivated' };
    if (!bySubject) {
      await trx.updateTable('users').set({ oidc_subject: claims.sub, oidc_issuer: claims.iss }).where('id', '=', existing.id).execute();
      await appendEvent(trx, tenantId, { caseId: null, type: 'user.oidc_linked', actor: { kind: 'user', id: existing.id, name: existing.display_name }, data: { userId: existing.id, issuer: claims.iss } });
    }
    if (!fromIdp) return { ok: true, userId: existing.id };
    if (!sameSet(existing.roles, grant.roles) || !sameSet(existing.org_unit_ids, grant.orgUnitIds)) {
      await trx.updateTable('users').set({ roles: grant.roles, org_unit_ids: grant.orgUnitIds, roles_from_idp: true }).where('id', '=', existing.id).execute();
      await appendEvent(trx, tenantId, { caseId: null, type: 'user.idp_roles_changed', actor, data: {
        userId: existing.id, changes: { roles: { from: existing.roles, to: grant.roles }, orgUnitIds: { from: existing.org_unit_ids, to: grant.orgUnitIds } },
      } });
    } else {
      await trx.updateTable('users').set({ roles_from_idp: true }).where('id', '=', existing.id).execute();
    }
    if (grant.roles.length === 0) {
      // No role left: the account stays (history refers to it) but has no sessions any more.
      await trx.deleteFrom('sessions').where('user_id', '=', existing.id).execute();
      return { ok: false, reason: 'oidc_keine_rolle', internal: 'no mapped group' };
    }
    return { ok: true, userId: existing.id };
  }

  if (grant.roles.length === 0) return { ok: false, reason: 'oidc_keine_rolle', internal: 'no account and no mapped group' };
  if (!email) return { ok: false, reason: 'oidc_unbekannt', internal: 'no verified e-mail address for a new account' };
  const id = uuidv7();
  await trx.insertInto('users').values({
    id, tenant_id: tenantId, email, display_name: nameOf(claims, email), password_hash: null, oidc_subject: claims.sub, oidc_issuer: claims.iss,
    roles: grant.roles, org_unit_ids: grant.orgUnitIds, roles_from_idp: fromIdp, invite_token_hash: null, invite_expires_at: null,
  }).execute();
  await appendEvent(trx, tenantId, { caseId: null, type: 'user.provisioned', actor, data: { userId: id, roles: grant.roles, orgUnitIds: grant.orgUnitIds, issuer: claims.iss } });
  return { ok: true, userId: id };
}
