import type { Role } from '../api/types';

/** Tenant administration as the API presents it (server/src/tenants/schemas.ts). */
export interface AdminUser {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  orgUnitIds: string[];
  active: boolean;
  status: 'active' | 'invited' | 'inactive';
  createdAt: string;
}

export interface AdminOrgUnit {
  id: string;
  name: string;
  shortCode: string;
  createdAt: string;
}

export interface AdminService {
  id: string;
  leikaKey: string;
  name: string;
  orgUnit: { id: string; name: string } | null;
  createdAt: string;
}

export const SCOPES = ['cases:read', 'cases:write', 'cases:assign', 'intake:submit', 'admin:manage'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiToken {
  id: string;
  name: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const ROLE_KEYS: Role[] = ['admin', 'intake', 'caseworker', 'reader'];
