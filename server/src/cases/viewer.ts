import type { FastifyRequest } from 'fastify';
import { actorOf, requireTenantPrincipal, type Actor, type TenantPrincipal } from '../auth/principal.js';
import { permissionsOf, type Permission } from '../auth/permissions/catalog.js';

/** Who looks at cases: tenant, org-unit scope (empty = all units), own user id and permissions. */
export interface Viewer {
  tenantId: string;
  orgUnitIds: string[];
  userId: string | null;
  permissions: ReadonlySet<Permission>;
  actor: Actor;
  /** A registered Fachverfahren (server/src/clients): its id, and the services whose cases it sees. */
  clientId?: string;
  serviceIds?: string[];
  /**
   * The people this viewer stands in for today (absences), once read for the request: with none, the
   * scope is the plain org-unit condition, which the inbox indexes serve. Unset, queries read it inline.
   */
  coveredUserIds?: string[];
  /** The same people with their names (for the „in Vertretung für …“ mark), read in the same look-up. */
  coveredNames?: ReadonlyMap<string, string>;
  /** Case work for another municipality (server/src/delegation): withTenant enters the owner through the grant. */
  delegation?: { actingTenantId: string; caseId: string; ownerName?: string; actingName?: string };
}

export function viewerOf(principal: TenantPrincipal): Viewer {
  return {
    tenantId: principal.tenantId,
    orgUnitIds: principal.kind === 'user' ? principal.orgUnitIds : [],
    userId: principal.kind === 'user' ? principal.userId : null,
    permissions: permissionsOf(principal),
    actor: actorOf(principal),
    ...(principal.kind === 'client' ? { clientId: principal.clientId, serviceIds: principal.serviceIds } : {}),
    ...(principal.kind === 'user' && principal.delegation ? { delegation: principal.delegation } : {}),
  };
}

/**
 * The viewer of a request whose route permission has already been checked (auth/permissions/route-access.ts).
 * Notes, follow-ups, messages, decisions and retention use the same viewer as the case itself.
 */
export function caseViewer(request: FastifyRequest): Viewer {
  return viewerOf(requireTenantPrincipal(request.principal));
}

/**
 * Who acts on a case: the viewer, or "X in Vertretung für Y" when the case is assigned to a person
 * the viewer stands in for today (server/src/absences); the history records it so.
 */
export function actingActor(viewer: Viewer, row: { deputy_for?: { name: string } | null }): Actor {
  return row.deputy_for ? { ...viewer.actor, name: `${viewer.actor.name} in Vertretung für ${row.deputy_for.name}` } : viewer.actor;
}
