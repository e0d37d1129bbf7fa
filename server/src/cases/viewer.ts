import { actorOf, permissionsOf, type Actor, type Permission, type TenantPrincipal } from '../auth/principal.js';

/** Who looks at cases: tenant, org-unit scope (empty = all units), own user id and permissions. */
export interface Viewer {
  tenantId: string;
  orgUnitIds: string[];
  userId: string | null;
  permissions: ReadonlySet<Permission>;
  actor: Actor;
}

export function viewerOf(principal: TenantPrincipal): Viewer {
  return {
    tenantId: principal.tenantId,
    orgUnitIds: principal.kind === 'user' ? principal.orgUnitIds : [],
    userId: principal.kind === 'user' ? principal.userId : null,
    permissions: permissionsOf(principal),
    actor: actorOf(principal),
  };
}
