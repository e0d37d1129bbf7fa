import type { Role } from '../auth/principal.js';
import type { AdminService, AdminUser, OrgUnit } from './schemas.js';
import type { UserRow } from './users.service.js';
import type { OrgUnitRow } from './org-units.service.js';
import type { ServiceRow } from './services.service.js';

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentUser(row: UserRow): AdminUser {
  const invited = row.invite_token_hash !== null && row.password_hash === null && row.oidc_subject === null;
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles as Role[],
    orgUnitIds: row.org_unit_ids,
    active: row.active,
    status: !row.active ? 'inactive' : invited ? 'invited' : 'active',
    createdAt: iso(row.created_at),
    rolesFromIdp: row.roles_from_idp,
  };
}

/** The token travels in the URL fragment, so it never reaches server or proxy logs. */
export function inviteLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/einladung#token=${token}`;
}

export function presentOrgUnit(row: OrgUnitRow): OrgUnit {
  return { id: row.id, name: row.name, shortCode: row.short_code, createdAt: iso(row.created_at) };
}

export function presentService(row: ServiceRow): AdminService {
  return {
    id: row.id,
    leikaKey: row.leika_key,
    name: row.name,
    orgUnit: row.org_unit_id && row.org_unit_name !== null ? { id: row.org_unit_id, name: row.org_unit_name } : null,
    createdAt: iso(row.created_at),
  };
}
