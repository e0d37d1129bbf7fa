import { AppError } from '../shared/errors.js';
import type { Role, Scope } from './permissions/catalog.js';

export { PERMISSIONS, ROLES, SCOPES, permissionsOf, type Permission, type Role, type Scope } from './permissions/catalog.js';

export interface UserPrincipal {
  kind: 'user';
  tenantId: string;
  userId: string;
  displayName: string;
  roles: Role[];
  /** Empty means all org units of the tenant. */
  orgUnitIds: string[];
  csrfToken: string;
  /**
   * Set only by server/src/delegation for a request on one case of another municipality: tenantId is
   * then the owner's, the database checks the grant on every transaction (db/database.ts withTenant).
   */
  delegation?: { actingTenantId: string; caseId: string; ownerName?: string; actingName?: string };
}
export interface TokenPrincipal {
  kind: 'token';
  tenantId: string;
  tokenId: string;
  scopes: Scope[];
  /** Uses of this token in the current second including this request (counted at look-up; intake limit). */
  usesThisSecond?: number;
}
/** A Fachverfahren registered as an OAuth2 client (server/src/clients), by its short-lived access token. */
export interface ClientPrincipal {
  kind: 'client';
  tenantId: string;
  clientId: string;
  clientName: string;
  scopes: Scope[];
  /** The services it handles: it sees cases of these only (cases/repository.ts applyFilters). */
  serviceIds: string[];
}
export interface OperatorPrincipal {
  kind: 'operator';
  operatorId: string;
  displayName: string;
  csrfToken: string;
}
export type Principal = UserPrincipal | TokenPrincipal | ClientPrincipal | OperatorPrincipal;
export type TenantPrincipal = UserPrincipal | TokenPrincipal | ClientPrincipal;

/** Who did something, as recorded in history events. */
export interface Actor {
  /** 'applicant': the applicant through the citizen portal or an external mailbox (server/src/mailbox). */
  /** 'participant': a lawyer, co-applicant or authority taking part in a case through the portal (server/src/participants). */
  kind: 'user' | 'token' | 'client' | 'operator' | 'system' | 'applicant' | 'participant';
  id: string | null;
  name: string;
}

export function actorOf(principal: Principal | null): Actor {
  if (!principal) return { kind: 'system', id: null, name: 'System' };
  switch (principal.kind) {
    case 'user':
      return { kind: 'user', id: principal.userId, name: principal.displayName };
    case 'token':
      return { kind: 'token', id: principal.tokenId, name: 'API-Zugang' };
    case 'client':
      // The history shows which procedure did what (issue #17).
      return { kind: 'client', id: principal.clientId, name: `Fachverfahren ${principal.clientName}` };
    case 'operator':
      return { kind: 'operator', id: principal.operatorId, name: principal.displayName };
  }
}

export function requireTenantPrincipal(principal: Principal | null | undefined): TenantPrincipal {
  if (!principal) throw new AppError('unauthenticated');
  if (principal.kind === 'operator') {
    // Operators run the platform but do not read municipal case content (sovereignty).
    throw new AppError('forbidden', { detail: 'Betreiberkonten haben keinen Zugriff auf Daten einer Kommune.' });
  }
  return principal;
}

export function requireOperator(principal: Principal | null | undefined): OperatorPrincipal {
  if (!principal) throw new AppError('unauthenticated');
  if (principal.kind !== 'operator') throw new AppError('forbidden');
  return principal;
}
