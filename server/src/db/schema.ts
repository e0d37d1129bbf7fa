import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

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

export interface TenantsTable {
  id: string; slug: string; name: string; kind: string; ags: string;
  case_number_pattern: Generated<string>; status: Generated<string>; created_at: Generated<Date>;
}
export interface OperatorsTable {
  id: string; email: string; display_name: string; password_hash: string | null; created_at: Generated<Date>;
}
export interface OperatorSessionsTable {
  token_hash: string; operator_id: string; csrf_token: string; created_at: Generated<Date>; expires_at: Timestamp;
}
export interface OrgUnitsTable {
  id: string; tenant_id: string; name: string; short_code: string; created_at: Generated<Date>;
}
export interface ServicesTable {
  id: string; tenant_id: string; leika_key: string; name: string; org_unit_id: string | null; created_at: Generated<Date>;
}
export interface UsersTable {
  id: string; tenant_id: string; email: string; display_name: string; password_hash: string | null;
  oidc_subject: string | null; roles: string[]; org_unit_ids: Generated<string[]>; active: Generated<boolean>;
  invite_token_hash: string | null; invite_expires_at: Timestamp | null; created_at: Generated<Date>;
}
export interface SessionsTable {
  token_hash: string; tenant_id: string; user_id: string; csrf_token: string; created_at: Generated<Date>; expires_at: Timestamp;
}
export interface ApiTokensTable {
  id: string; tenant_id: string; name: string; token_hash: string; scopes: string[]; created_by: string | null;
  created_at: Generated<Date>; last_used_at: Timestamp | null; revoked_at: Timestamp | null;
}
export interface CaseNumberCountersTable { tenant_id: string; year: number; last_seq: number }
export interface CasesTable {
  id: string; tenant_id: string; case_number: string; service_id: string; org_unit_id: string; status: string;
  status_before_forward: string | null; assignee_id: string | null; priority: Generated<string>; version: Generated<number>;
  title: string; applicant: Json<Applicant>; applicant_name: string; form_data: Json<FormItem[]>; channel: string;
  transaction_id: string | null; received_at: Timestamp; updated_at: Timestamp;
  /** Mailbox (migration 0009): a reply of the applicant nobody has looked at yet. */
  unread_reply: Generated<boolean>;
}
export interface AttachmentsTable {
  id: string; tenant_id: string; case_id: string; file_name: string; mime_type: string;
  size_bytes: ColumnType<number, number, number>; sha256: string; kind: Generated<string>; created_at: Generated<Date>;
}
export interface CaseEventsTable {
  tenant_id: string; seq: ColumnType<string | number, number, never>; id: string; case_id: string | null; type: string;
  actor_kind: string; actor_id: string | null; actor_name: string; data: Json<Record<string, unknown>>;
  occurred_at: Timestamp; prev_hash: string; hash: string;
}
export interface EventChainHeadsTable { tenant_id: string; last_seq: ColumnType<string | number, number, number>; last_hash: string }
export interface WebhooksTable {
  id: string; tenant_id: string; url: string; secret: string; event_types: string[]; active: Generated<boolean>; created_at: Generated<Date>;
}
export interface OutboxTable {
  id: string; tenant_id: string; kind: string; idempotency_key: string; payload: Json<Record<string, unknown>>;
  status: Generated<string>; attempts: Generated<number>; max_attempts: Generated<number>; next_attempt_at: Generated<Date>;
  locked_until: Timestamp | null; last_error: string | null; created_at: Generated<Date>; delivered_at: Timestamp | null;
}

export interface Database {
  tenants: TenantsTable;
  operators: OperatorsTable;
  operator_sessions: OperatorSessionsTable;
  org_units: OrgUnitsTable;
  services: ServicesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  case_number_counters: CaseNumberCountersTable;
  cases: CasesTable;
  attachments: AttachmentsTable;
  case_events: CaseEventsTable;
  event_chain_heads: EventChainHeadsTable;
  webhooks: WebhooksTable;
  outbox: OutboxTable;
  oidc_login_states: OidcLoginStatesTable;
  intake_platform_tokens: IntakePlatformTokensTable;
  unrouted_submissions: UnroutedSubmissionsTable;
  intake_settings: IntakeSettingsTable;
  fit_connect_destinations: FitConnectDestinationsTable;
  decision_templates: DecisionTemplatesTable;
  tenant_letterheads: TenantLetterheadsTable;
  decision_service_settings: DecisionServiceSettingsTable;
  decisions: DecisionsTable;
  notes: NotesTable;
  follow_ups: FollowUpsTable;
  messages: MessagesTable;
  message_attachments: MessageAttachmentsTable;
  mailbox_settings: MailboxSettingsTable;
  portal_accounts: PortalAccountsTable;
  portal_login_links: PortalLoginLinksTable;
  portal_sessions: PortalSessionsTable;
  saved_views: SavedViewsTable;
}

// Intake (migration 0005) ---------------------------------------------------------------------
export interface IntakePlatformTokensTable {
  id: string; name: string; token_hash: string; created_at: Generated<Date>; revoked_at: Timestamp | null;
}
export interface UnroutedSubmissionsTable {
  id: string; channel: string; transaction_id: string | null; status: Generated<string>; kind: Generated<string>;
  reason_code: string; reason: string; routing_hints: Json<Record<string, unknown>>; submission: Json<Record<string, unknown>>;
  received_at: Generated<Date>; resolved_at: Timestamp | null; resolved_by: string | null; resolution: Json<Record<string, unknown>> | null;
}
export interface IntakeSettingsTable {
  tenant_id: string; notify_email: Generated<boolean>; allow_executables: Generated<boolean>; updated_at: Generated<Date>;
}
export interface FitConnectDestinationsTable {
  id: string; tenant_id: string; destination_id: string; submission_api_url: string; private_jwk: Json<Record<string, unknown>>;
  callback_secret: string | null; active: Generated<boolean>; created_at: Generated<Date>;
}

// Auth (migration 0003) -----------------------------------------------------------------------
export interface OidcLoginStatesTable {
  state_hash: string; tenant_id: string; code_verifier: string; nonce: string; created_at: Generated<Date>; expires_at: Timestamp;
  /** staff | portal (migration 0012) */
  purpose: Generated<string>;
}

// Mailbox and citizen portal (migration 0009) --------------------------------------------------
export interface MessagesTable {
  id: string; tenant_id: string; case_id: string; direction: 'out' | 'in'; kind: string; subject: string; body: string;
  reply_by: ColumnType<string | null, string | null | undefined, string | null>;
  delivery_status: Generated<string>; failure_reason: string | null; channel: string; external_id: string | null;
  in_reply_to: string | null; outbox_id: string | null; created_by: string | null; created_by_name: string;
  created_at: Generated<Date>; sent_at: Timestamp | null; delivered_at: Timestamp | null; read_at: Timestamp | null;
}
export interface MessageAttachmentsTable { tenant_id: string; message_id: string; attachment_id: string; position: number }
export interface MailboxSettingsTable {
  tenant_id: string; external_base_url: string | null; external_token: string | null; webhook_secret: string | null;
  poll_cursor: string | null; updated_at: Generated<Date>;
}
export interface PortalAccountsTable {
  id: string; tenant_id: string; email: string | null; mailbox_identifier: string | null; email_verified_at: Timestamp | null; created_at: Generated<Date>;
}
export interface PortalLoginLinksTable {
  token_hash: string; tenant_id: string; account_id: string; created_at: Generated<Date>; expires_at: Timestamp; used_at: Timestamp | null;
}
export interface PortalSessionsTable {
  token_hash: string; tenant_id: string; account_id: string; csrf_token: string; created_at: Generated<Date>; expires_at: Timestamp;
  /** migration 0012: link | oidc; what an OIDC sign-in proved; STORK-QAA trust level */
  method: Generated<string>; mailbox_identifier: string | null; verified_email: string | null; trust_level: string | null;
}

// Notes and follow-ups (migration 0006) -------------------------------------------------------
export interface NotesTable {
  id: string; tenant_id: string; case_id: string; author_id: string; body: string;
  created_at: Generated<Date>; updated_at: Generated<Date>; deleted_at: Timestamp | null;
  search_vector: ColumnType<string, never, never>;
}
export interface FollowUpsTable {
  id: string; tenant_id: string; case_id: string; owner_id: string;
  /** A calendar day (yyyy-mm-dd); select it as text (due_date::text), never as a JS Date. */
  due_date: ColumnType<string, string, string>;
  subject: string; description: Generated<string>; done_at: Timestamp | null; done_by: string | null;
  created_by: string | null; created_at: Generated<Date>;
}

// Decisions (migration 0010) ------------------------------------------------------------------
export interface DecisionTemplatesTable {
  id: string; tenant_id: string; service_id: string | null; kind: string; name: string; body: string;
  created_by: string | null; created_at: Generated<Date>; updated_at: Timestamp;
}
export interface TenantLetterheadsTable {
  tenant_id: string; name: string; address_lines: string[]; contact: string; logo_sha256: string | null;
  logo_mime_type: string | null; updated_at: Timestamp;
}
export interface DecisionServiceSettingsTable {
  tenant_id: string; service_id: string; requires_release: boolean; generator_url: string | null; updated_at: Timestamp;
}
export interface DecisionsTable {
  id: string; tenant_id: string; case_id: string; template_id: string | null; kind: string; source: string;
  status: Generated<string>; text: string | null; pdf_sha256: string | null;
  pdf_size_bytes: ColumnType<number | string | null, number | null, number | null>; attachment_id: string | null;
  requires_release: boolean; created_by: string | null; created_by_name: string; last_edited_by: string | null;
  submitted_by: string | null; released_by: string | null; released_by_name: string | null; released_at: Timestamp | null;
  sent_by: string | null; sent_at: Timestamp | null; created_at: Generated<Date>; updated_at: Timestamp;
}

// Saved inbox views (migration 0014) ---------------------------------------------------------
export interface SavedViewsTable {
  id: string; tenant_id: string; owner_id: string; name: string; query: string; shared: Generated<boolean>;
  created_at: Generated<Date>; updated_at: Timestamp;
}
