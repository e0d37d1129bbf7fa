import { AppError } from '../shared/errors.js';

// records: Schriftgutverwaltung (retention, legal holds, destruction lists); privacy: the
// data-protection officer. Admins do not get either automatically (separation of duties).
export const ROLES = ['admin', 'intake', 'caseworker', 'reader', 'records', 'privacy'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'cases:read', // see cases, form data, attachments, history
  'cases:write', // change status, notes, follow-ups
  'cases:assign', // assign / take over / unassign
  'intake:submit', // machine clients submitting applications
  'admin:manage', // users, org units, services, tokens, webhooks
  'records:manage', // legal holds, destruction lists (records management)
  'privacy:manage', // access log, data-subject requests (data-protection officer)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Rights only a person holds, through a role: an admin (who creates API keys) must not hand
 * records management or data protection to a machine, since admins do not hold them themselves.
 */
export const PERSONAL_PERMISSIONS: readonly Permission[] = ['records:manage', 'privacy:manage'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: ['cases:read', 'cases:write', 'cases:assign', 'admin:manage'],
  intake: ['cases:read', 'cases:write', 'cases:assign'],
  caseworker: ['cases:read', 'cases:write', 'cases:assign'],
  reader: ['cases:read'],
  records: ['cases:read', 'records:manage'],
  privacy: ['cases:read', 'privacy:manage'],
};

export interface UserPrincipal {
  kind: 'user';
  tenantId: string;
  userId: string;
  displayName: string;
  roles: Role[];
  /** Empty means all org units of the tenant. */
  orgUnitIds: string[];
  csrfToken: string;
}
export interface TokenPrincipal {
  kind: 'token';
  tenantId: string;
  tokenId: string;
  scopes: Permission[];
  /** Uses of this token in the current second including this request (counted at look-up; intake limit). */
  usesThisSecond?: number;
}
export interface OperatorPrincipal {
  kind: 'operator';
  operatorId: string;
  displayName: string;
  csrfToken: string;
}
export type Principal = UserPrincipal | TokenPrincipal | OperatorPrincipal;
export type TenantPrincipal = UserPrincipal | TokenPrincipal;

/** Who did something, as recorded in history events. */
export interface Actor {
  /** 'applicant': the applicant through the citizen portal or an external mailbox (server/src/mailbox). */
  kind: 'user' | 'token' | 'operator' | 'system' | 'applicant';
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
    case 'operator':
      return { kind: 'operator', id: principal.operatorId, name: principal.displayName };
  }
}

export function permissionsOf(principal: TenantPrincipal): Set<Permission> {
  if (principal.kind === 'token') return new Set(principal.scopes);
  return new Set(principal.roles.flatMap((r) => ROLE_PERMISSIONS[r] ?? []));
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

export function authorize(principal: TenantPrincipal, permission: Permission): void {
  if (!permissionsOf(principal).has(permission)) throw new AppError('forbidden');
}
