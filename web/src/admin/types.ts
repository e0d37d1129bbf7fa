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

export const ROLE_KEYS: Role[] = ['admin', 'intake', 'caseworker', 'reader', 'records', 'privacy'];

/** A routing identifier (server/src/identifiers/schemas.ts); orgUnitId null: the whole municipality. */
export interface RoutingIdentifier {
  id: string;
  scheme: string;
  value: string;
  orgUnitId: string | null;
  createdAt: string;
}

export const IDENTIFIER_SCHEMES = ['ozg_zustaendige_stelle', 'ozg_organisationseinheit', 'pvog_organisation', 'fit_connect_destination', 'intelliform_client', 'intelliform_customer'] as const;

export interface IdentifierImportLine { line: number; scheme: string; value: string; orgUnit: string; ok: boolean; field?: string; message?: string }
export interface IdentifierImportResult { lines: IdentifierImportLine[]; valid: boolean; imported: number }
