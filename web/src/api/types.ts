import { everyMemberOf, type ApiBody, type ApiResponse, type ItemOf } from './contract';

/** The API types the desk uses, all read from the server's schemas (contract.ts, decision 0013). */
export type Me = ApiResponse<'/api/auth/me', 'get'>;
export type Role = Me['user']['roles'][number];
export type Permission = Me['permissions'][number];
export type TenantOption = ItemOf<ApiResponse<'/api/auth/tenants', 'get'>>;

export type CaseList = ApiResponse<'/api/cases', 'get'>;
export type CaseSummary = ItemOf<CaseList>;
export type CaseDetail = ApiResponse<'/api/cases/{id}', 'get'>;
export type CaseStatus = CaseSummary['status'];
export type CaseAction = ApiBody<'/api/cases/{id}/transitions', 'post'>['action'];
export type CaseCounts = ApiResponse<'/api/cases/counts', 'get'>;
export type CaseEvent = ItemOf<ApiResponse<'/api/cases/{id}/events', 'get'>>;
export type Applicant = CaseDetail['applicant'];
export type Attachment = CaseDetail['attachments'][number];
export type CasePermission = CaseDetail['permissions'][number];

type FlatFormItem = CaseDetail['formData'][number];
/** JSON Schema states the nesting only as "same structure" (unknown[]); the tree is spelled out here. */
export type FormItem = Omit<FlatFormItem, 'formItems'> & { formItems?: FormItem[] };

export type UserOption = ItemOf<ApiResponse<'/api/users', 'get'>>;
export type Named = Pick<ItemOf<ApiResponse<'/api/org-units', 'get'>>, 'id' | 'name'>;
export type ServiceOption = ItemOf<ApiResponse<'/api/services', 'get'>>;

/** Display order of the statuses (status chips, dashboard). */
export const CASE_STATUSES = everyMemberOf<CaseStatus>()([
  'new',
  'accepted',
  'in_progress',
  'decided',
  'closed',
  'rejected',
  'forwarded',
  'reopened',
  'deletion_requested',
]);

/** Display order of the case actions. */
export const CASE_ACTIONS = everyMemberOf<CaseAction>()(['accept', 'reject', 'start', 'decide', 'close', 'reopen', 'forward', 'request_deletion']);
