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

/** Applicant contact mapping of a service (server/src/intake/applicant/schemas.ts). */
export const MAPPING_FIELDS = ['firstName', 'lastName', 'organisationName', 'email', 'phone', 'street', 'houseNumber', 'postalCode', 'city', 'dateOfBirth'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
export interface ApplicantMapping {
  useDefaults: boolean;
  kind?: { path: string; organisationValues: string[] } | null;
  fields: Partial<Record<MappingField, string>>;
}
export interface MappingState {
  serviceId: string;
  serviceName: string;
  saved: boolean;
  mapping: ApplicantMapping;
  updatedAt: string | null;
  cases: Array<{ id: string; caseNumber: string; channel: string; receivedAt: string }>;
}
export interface MappedApplicant {
  kind: 'person' | 'organisation';
  firstName?: string; lastName?: string; organisationName?: string; email?: string; phone?: string; dateOfBirth?: string;
  address?: Record<string, string>;
  mailbox?: { identifier: string; type: string; rawType?: string; accountType?: string; trustLevel?: string; accountKind?: string };
}
export interface MappingPreview {
  caseId: string;
  caseNumber: string;
  applicant: MappedApplicant;
  current: MappedApplicant;
  warnings: Array<{ field: string; path: string; message: string }>;
  fields: Array<{ path: string; label: string; value?: string }>;
}
