import type { ScanStatus } from '../ui/ScanState';
/** The shared API contract (see the project brief), as the web app sees it. */
export type Role = 'admin' | 'intake' | 'caseworker' | 'reader' | 'records' | 'privacy';

export interface Me {
  user: { id: string; displayName: string; email: string; roles: Role[]; orgUnitIds: string[] };
  tenant: { id: string; slug: string; name: string };
  csrfToken: string;
}

export interface TenantOption {
  slug: string;
  name: string;
}

export const CASE_STATUSES = [
  'new',
  'accepted',
  'in_progress',
  'decided',
  'closed',
  'rejected',
  'forwarded',
  'reopened',
  'deletion_requested',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_ACTIONS = ['accept', 'reject', 'start', 'decide', 'close', 'reopen', 'forward', 'request_deletion'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export interface Named {
  id: string;
  name: string;
}

export interface CaseSummary {
  id: string;
  caseNumber: string;
  title: string;
  status: CaseStatus;
  priority: 'low' | 'normal' | 'high';
  version: number;
  service: { id: string; name: string; leikaKey: string };
  orgUnit: Named;
  applicantName: string;
  assignee: { id: string; displayName: string } | null;
  receivedAt: string;
  updatedAt: string;
  /** An applicant's reply nobody has looked at yet (mailbox). */
  hasUnreadReply?: boolean;
  /** The earliest open follow-up (Wiedervorlage). */
  nextFollowUp?: { dueDate: string; overdue: boolean } | null;
}

export interface FormItem {
  name: string;
  label: string;
  stringValue?: string;
  numberValue?: number;
  dateValue?: string;
  booleanValue?: boolean;
  formItems?: FormItem[];
}

export interface Applicant {
  kind: 'person' | 'organisation';
  firstName?: string;
  lastName?: string;
  organisationName?: string;
  address?: { street?: string; houseNumber?: string; postalCode?: string; city?: string; country?: string };
  email?: string;
  phone?: string;
  mailbox?: { identifier: string; type: string; accountType?: string; trustLevel?: string };
}

export interface Attachment {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  kind: string;
  createdAt: string;
  scanStatus?: ScanStatus;
}

export interface CaseDetail extends CaseSummary {
  applicant: Applicant;
  formData: FormItem[];
  attachments: Attachment[];
  allowedActions: string[];
}

export interface CaseEvent {
  id: string;
  seq: number | string;
  type: string;
  actor: { kind: string; name: string };
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface CaseList {
  items: CaseSummary[];
  nextCursor: string | null;
}

export interface CaseCounts {
  byStatus: Partial<Record<CaseStatus, number>>;
  total: number;
}

export interface UserOption {
  id: string;
  displayName: string;
}

export interface ServiceOption {
  id: string;
  name: string;
  leikaKey?: string;
}
