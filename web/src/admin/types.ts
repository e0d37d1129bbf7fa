import { everyMemberOf, type ApiResponse, type ItemOf } from '../api/contract';
import type { Role } from '../api/types';

/** Tenant administration as the API presents it (server/src/tenants/schemas.ts, identifiers/schemas.ts). */
export type AdminUser = ItemOf<ApiResponse<'/api/admin/users', 'get'>>;
export type AdminOrgUnit = ItemOf<ApiResponse<'/api/admin/org-units', 'get'>>;
export type AdminService = ItemOf<ApiResponse<'/api/admin/services', 'get'>>;
export type ApiToken = ItemOf<ApiResponse<'/api/admin/api-tokens', 'get'>>;
/** A registered Fachverfahren (server/src/clients); the secret only in the answers that issue it. */
export type Fachverfahren = ItemOf<ApiResponse<'/api/admin/fachverfahren', 'get'>>;
export type ClientScope = Fachverfahren['scopes'][number];
/** What an API key may carry: records management and data protection are only ever given to people (server: PERSONAL_PERMISSIONS). */
export type Scope = Exclude<ApiToken['scopes'][number], 'records:manage' | 'privacy:manage'>;
/** orgUnitId null: the whole municipality. */
export type RoutingIdentifier = ItemOf<ApiResponse<'/api/admin/routing-identifiers', 'get'>>;
export type IdentifierImportResult = ApiResponse<'/api/admin/routing-identifiers/import', 'post'>;
export type IdentifierImportLine = IdentifierImportResult['lines'][number];
/** One Postfach adapter of the municipality (GET /api/mailbox/postfach); secrets only as has… flags. */
export type PostfachSettings = ItemOf<ApiResponse<'/api/mailbox/postfach', 'get'>>;

/** Webhook endpoints of the event catalogue and their deliveries (server/src/webhooks/schemas.ts). */
export type WebhookEndpoint = ItemOf<ApiResponse<'/api/admin/webhook-endpoints', 'get'>>;
export type WebhookDelivery = ItemOf<ApiResponse<'/api/admin/webhook-deliveries', 'get'>>;
export type BreakerState = WebhookEndpoint['breaker']['state'];
export const BREAKER_STATES = everyMemberOf<BreakerState>()(['closed', 'open', 'half_open']);

/** Display orders; every member of the server's list, no more (everyMemberOf). */
export const SCOPES = everyMemberOf<Scope>()(['cases:read', 'cases:write', 'cases:assign', 'intake:submit', 'admin:manage']);
export const CLIENT_SCOPES = everyMemberOf<ClientScope>()(['cases:read', 'cases:write', 'cases:assign']);
export const ROLE_KEYS = everyMemberOf<Role>()(['admin', 'intake', 'caseworker', 'teamlead', 'reader', 'records', 'privacy']);
export const IDENTIFIER_SCHEMES = everyMemberOf<RoutingIdentifier['scheme']>()([
  'ozg_zustaendige_stelle', 'ozg_organisationseinheit', 'pvog_organisation', 'fit_connect_destination', 'intelliform_client', 'intelliform_customer',
]);

/** Applicant contact mapping of a service (server/src/intake/applicant/schemas.ts). */
export const MAPPING_FIELDS = ['firstName', 'lastName', 'organisationName', 'email', 'phone', 'street', 'houseNumber', 'postalCode', 'city', 'dateOfBirth'] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
export type MappingState = ApiResponse<'/api/admin/services/{serviceId}/applicant-mapping', 'get'>;
export type ApplicantMapping = MappingState['mapping'];
export type MappingPreview = ApiResponse<'/api/admin/services/{serviceId}/applicant-mapping/preview', 'post'>;
export type MappedApplicant = MappingPreview['applicant'];
export type StaffOidcSettings = ApiResponse<'/api/admin/oidc-provider', 'get'>;
export type StaffOidcMapping = ItemOf<ApiResponse<'/api/admin/oidc-mappings', 'get'>>;
