import { api } from '../api/client';
import type { Role } from '../api/types';
import type { AdminOrgUnit, AdminService, AdminUser, ApplicantMapping, ApiToken, IdentifierImportResult, MappingPreview, MappingState, RoutingIdentifier, Scope } from './types';

const id = (value: string) => encodeURIComponent(value);

/** One function per tenant-administration route (permission admin:manage). */
export const adminApi = {
  users: () => api<{ items: AdminUser[] }>('/api/admin/users'),
  invite: (body: { email: string; displayName: string; roles: Role[]; orgUnitIds: string[] }) =>
    api<{ user: AdminUser; inviteLink: string }>('/api/admin/users', { method: 'POST', body }),
  updateUser: (userId: string, body: { roles?: Role[]; orgUnitIds?: string[]; displayName?: string; active?: boolean }) =>
    api<AdminUser>(`/api/admin/users/${id(userId)}`, { method: 'PATCH', body }),

  orgUnits: () => api<{ items: AdminOrgUnit[] }>('/api/admin/org-units'),
  createOrgUnit: (body: { name: string; shortCode: string }) => api<AdminOrgUnit>('/api/admin/org-units', { method: 'POST', body }),
  updateOrgUnit: (unitId: string, body: { name?: string; shortCode?: string }) =>
    api<AdminOrgUnit>(`/api/admin/org-units/${id(unitId)}`, { method: 'PATCH', body }),

  services: () => api<{ items: AdminService[] }>('/api/admin/services'),
  createService: (body: { leikaKey: string; name: string; orgUnitId: string }) =>
    api<AdminService>('/api/admin/services', { method: 'POST', body }),
  updateService: (serviceId: string, body: { leikaKey?: string; name?: string; orgUnitId?: string }) =>
    api<AdminService>(`/api/admin/services/${id(serviceId)}`, { method: 'PATCH', body }),

  identifiers: () => api<{ items: RoutingIdentifier[]; orgUnits: Array<{ id: string; name: string; shortCode: string }> }>('/api/admin/routing-identifiers'),
  addIdentifier: (body: { scheme: string; value: string; orgUnitId: string | null }) => api<RoutingIdentifier>('/api/admin/routing-identifiers', { method: 'POST', body }),
  removeIdentifier: (identifierId: string) => api<void>(`/api/admin/routing-identifiers/${id(identifierId)}`, { method: 'DELETE' }),
  importIdentifiers: (body: { csv: string; dryRun: boolean }) => api<IdentifierImportResult>('/api/admin/routing-identifiers/import', { method: 'POST', body }),

  applicantMapping: (serviceId: string) => api<MappingState>(`/api/admin/services/${id(serviceId)}/applicant-mapping`),
  saveApplicantMapping: (serviceId: string, body: ApplicantMapping) => api<MappingState>(`/api/admin/services/${id(serviceId)}/applicant-mapping`, { method: 'PUT', body }),
  previewApplicantMapping: (serviceId: string, body: { caseId: string; mapping: ApplicantMapping }) =>
    api<MappingPreview>(`/api/admin/services/${id(serviceId)}/applicant-mapping/preview`, { method: 'POST', body }),
  reapplyApplicantMapping: (serviceId: string, after?: string) =>
    api<{ examined: number; changed: number; nextAfter: string | null }>(`/api/admin/services/${id(serviceId)}/applicant-mapping/reapply`, { method: 'POST', body: after ? { after } : {} }),

  tokens: () => api<{ items: ApiToken[] }>('/api/admin/api-tokens'),
  createToken: (body: { name: string; scopes: Scope[] }) => api<{ id: string; token: string }>('/api/admin/api-tokens', { method: 'POST', body }),
  revokeToken: (tokenId: string) => api<void>(`/api/admin/api-tokens/${id(tokenId)}`, { method: 'DELETE' }),
};
