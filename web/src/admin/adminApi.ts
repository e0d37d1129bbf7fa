import { api } from '../api/client';
import type { ApiBody, ApiResponse } from '../api/contract';
import type { AdminOrgUnit, AdminService, AdminUser, ApiToken, IdentifierImportResult, ApplicantMapping, MappingPreview, MappingState, PostfachSettings, RoutingIdentifier, StaffOidcMapping, StaffOidcSettings } from './types';

const id = (value: string) => encodeURIComponent(value);

/** One function per tenant-administration route (permission admin:manage). */
export const adminApi = {
  users: () => api<{ items: AdminUser[] }>('/api/admin/users'),
  staffOidc: () => api<StaffOidcSettings>('/api/admin/oidc-provider'),
  saveStaffOidc: (body: ApiBody<'/api/admin/oidc-provider', 'put'>) => api<StaffOidcSettings>('/api/admin/oidc-provider', { method: 'PUT', body }),
  staffOidcMappings: () => api<{ items: StaffOidcMapping[] }>('/api/admin/oidc-mappings'),
  addStaffOidcMapping: (body: ApiBody<'/api/admin/oidc-mappings', 'post'>) => api<StaffOidcMapping>('/api/admin/oidc-mappings', { method: 'POST', body }),
  removeStaffOidcMapping: (mappingId: string) => api<void>(`/api/admin/oidc-mappings/${id(mappingId)}`, { method: 'DELETE' }),
  invite: (body: ApiBody<'/api/admin/users', 'post'>) =>
    api<ApiResponse<'/api/admin/users', 'post'>>('/api/admin/users', { method: 'POST', body }),
  updateUser: (userId: string, body: ApiBody<'/api/admin/users/{id}', 'patch'>) =>
    api<AdminUser>(`/api/admin/users/${id(userId)}`, { method: 'PATCH', body }),

  postfach: () => api<{ items: PostfachSettings[] }>('/api/mailbox/postfach'),
  savePostfach: (channel: string, body: Record<string, unknown>) => api<PostfachSettings>(`/api/mailbox/postfach/${id(channel)}`, { method: 'PUT', body }),

  orgUnits: () => api<{ items: AdminOrgUnit[] }>('/api/admin/org-units'),
  createOrgUnit: (body: ApiBody<'/api/admin/org-units', 'post'>) => api<AdminOrgUnit>('/api/admin/org-units', { method: 'POST', body }),
  updateOrgUnit: (unitId: string, body: ApiBody<'/api/admin/org-units/{id}', 'patch'>) =>
    api<AdminOrgUnit>(`/api/admin/org-units/${id(unitId)}`, { method: 'PATCH', body }),

  services: () => api<{ items: AdminService[] }>('/api/admin/services'),
  createService: (body: ApiBody<'/api/admin/services', 'post'>) =>
    api<AdminService>('/api/admin/services', { method: 'POST', body }),
  updateService: (serviceId: string, body: ApiBody<'/api/admin/services/{id}', 'patch'>) =>
    api<AdminService>(`/api/admin/services/${id(serviceId)}`, { method: 'PATCH', body }),

  identifiers: () => api<ApiResponse<'/api/admin/routing-identifiers', 'get'>>('/api/admin/routing-identifiers'),
  addIdentifier: (body: ApiBody<'/api/admin/routing-identifiers', 'post'>) => api<RoutingIdentifier>('/api/admin/routing-identifiers', { method: 'POST', body }),
  removeIdentifier: (identifierId: string) => api<void>(`/api/admin/routing-identifiers/${id(identifierId)}`, { method: 'DELETE' }),
  importIdentifiers: (body: ApiBody<'/api/admin/routing-identifiers/import', 'post'>) => api<IdentifierImportResult>('/api/admin/routing-identifiers/import', { method: 'POST', body }),

  webhookEndpoints: () => api<ApiResponse<'/api/admin/webhook-endpoints', 'get'>>('/api/admin/webhook-endpoints'),
  createWebhookEndpoint: (body: ApiBody<'/api/admin/webhook-endpoints', 'post'>) =>
    api<ApiResponse<'/api/admin/webhook-endpoints', 'post'>>('/api/admin/webhook-endpoints', { method: 'POST', body }),
  resetWebhookBreaker: (endpointId: string) =>
    api<ApiResponse<'/api/admin/webhook-endpoints/{id}/reset', 'post'>>(`/api/admin/webhook-endpoints/${id(endpointId)}/reset`, { method: 'POST' }),
  deadWebhookDeliveries: () => api<ApiResponse<'/api/admin/webhook-deliveries', 'get'>>('/api/admin/webhook-deliveries?status=dead&limit=100'),
  resendWebhookDelivery: (deliveryId: string) =>
    api<ApiResponse<'/api/admin/webhook-deliveries/{id}/resend', 'post'>>(`/api/admin/webhook-deliveries/${id(deliveryId)}/resend`, { method: 'POST' }),

  applicantMapping: (serviceId: string) => api<MappingState>(`/api/admin/services/${id(serviceId)}/applicant-mapping`),
  saveApplicantMapping: (serviceId: string, body: ApplicantMapping) => api<MappingState>(`/api/admin/services/${id(serviceId)}/applicant-mapping`, { method: 'PUT', body }),
  previewApplicantMapping: (serviceId: string, body: ApiBody<'/api/admin/services/{serviceId}/applicant-mapping/preview', 'post'>) =>
    api<MappingPreview>(`/api/admin/services/${id(serviceId)}/applicant-mapping/preview`, { method: 'POST', body }),
  reapplyApplicantMapping: (serviceId: string, after?: string) =>
    api<ApiResponse<'/api/admin/services/{serviceId}/applicant-mapping/reapply', 'post'>>(`/api/admin/services/${id(serviceId)}/applicant-mapping/reapply`, { method: 'POST', body: after ? { after } : {} }),

  tokens: () => api<{ items: ApiToken[] }>('/api/admin/api-tokens'),
  createToken: (body: ApiBody<'/api/admin/api-tokens', 'post'>) => api<ApiResponse<'/api/admin/api-tokens', 'post'>>('/api/admin/api-tokens', { method: 'POST', body }),
  fachverfahren: () => api<ApiResponse<'/api/admin/fachverfahren', 'get'>>('/api/admin/fachverfahren'),
  registerFachverfahren: (body: ApiBody<'/api/admin/fachverfahren', 'post'>) =>
    api<ApiResponse<'/api/admin/fachverfahren', 'post'>>('/api/admin/fachverfahren', { method: 'POST', body }),
  rotateFachverfahrenSecret: (clientId: string) =>
    api<ApiResponse<'/api/admin/fachverfahren/{id}/secret', 'post'>>(`/api/admin/fachverfahren/${id(clientId)}/secret`, { method: 'POST' }),
  revokeFachverfahren: (clientId: string) => api<void>(`/api/admin/fachverfahren/${id(clientId)}`, { method: 'DELETE' }),
  revokeToken: (tokenId: string) => api<void>(`/api/admin/api-tokens/${id(tokenId)}`, { method: 'DELETE' }),
};
