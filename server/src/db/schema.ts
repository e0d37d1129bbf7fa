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
  /**
   * The value as the form sent it, when stringValue shows the option's text instead (intelliForm:
   * "1" for "weiblich"). Absent when the sent value is shown as it is.
   */
  code?: string;
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
  /** JJJJ-MM-TT, from the form (applicant mapping, issue #13). */
  dateOfBirth?: string;
  /**
   * The Postfach of the applicant's user account. type: the Postfach service when known
   * ('bundid' | 'osi' | 'bayernid' | 'muk'; the mailbox side picks its adapter by it), else the raw
   * type; rawType: as the channel sent it; level: the trust level in eIDAS terms.
   */
  mailbox?: {
    identifier: string; type: string; rawType?: string; accountType?: string; trustLevel?: string;
    level?: 'low' | 'substantial' | 'high'; accountKind?: 'person' | 'organisation';
  };
  /** A reply address the channel named outside the form (FIT-Connect replyChannel.eMail). */
  replyEmail?: string;
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
  /** Where new cases go (migration 0048): 'desk', 'fachverfahren' or 'both'; the client when not 'desk'. */
  new_cases_to: Generated<string>; new_cases_client_id: Generated<string | null>;
  /** Deadlines (migration 0050): processing time in working days, its kind, deemed approval (§ 42a VwVfG). */
  deadline_working_days: ColumnType<number | null, number | null | undefined, number | null>;
  deadline_kind: Generated<string>;
  deemed_approval: Generated<boolean>;
}
/** Fachverfahren registered as OAuth2 clients of a tenant (migration 0048, server/src/clients). */
export interface FachverfahrenClientsTable {
  id: string; tenant_id: string; client_id: string; secret_hash: string | null; name: string; scopes: string[]; service_ids: string[];
  webhook_url: string | null; created_by: string | null; created_at: Generated<Date>; secret_rotated_at: Generated<Date>;
  revoked_at: Timestamp | null;
}
export interface FachverfahrenAccessTokensTable {
  token_hash: string; tenant_id: string; client_id: string; scopes: string[]; expires_at: Timestamp;
}
export interface UsersTable {
  id: string; tenant_id: string; email: string; display_name: string; password_hash: string | null;
  oidc_subject: string | null; roles: string[]; org_unit_ids: Generated<string[]>; active: Generated<boolean>;
  invite_token_hash: string | null; invite_expires_at: Timestamp | null; created_at: Generated<Date>;
  /** Staff OIDC (migration 0061): roles and org units come from the identity provider; the issuer of oidc_subject. */
  roles_from_idp: Generated<boolean>; oidc_issuer: string | null;
}
/** Staff OIDC per tenant (migration 0061). */
export interface StaffOidcProvidersTable {
  tenant_id: string; display_name: string; use_platform: Generated<boolean>; issuer: string | null; client_id: string | null;
  client_secret: string | null; scopes: Generated<string>; groups_claim: Generated<string>; role_source: Generated<string>;
  password_login: Generated<boolean>; enabled: Generated<boolean>; updated_at: Generated<Date>;
}
export interface StaffOidcMappingsTable {
  id: string; tenant_id: string; group_value: string; role: string | null; org_unit_id: string | null; created_at: Generated<Date>;
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
  /** Spelling key of applicant_name for similar-name search (migration 0015, generated by the database). */
  applicant_name_key: ColumnType<string, never, never>;
  /** Mailbox (migration 0009): a reply of the applicant nobody has looked at yet. */
  unread_reply: Generated<boolean>;
  /** Natural sort key of case_number (migration 0016, generated by the database). */
  case_number_sort: ColumnType<string, never, never>;
  /** Retention (migration 0036): when the case was last closed; set by the database. */
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Handed over to a Fachverfahren (migration 0048); exclusive: only it changes status and assignee. */
  handler_client_id: Generated<string | null>; handler_exclusive: Generated<boolean>;
  /** xdomea (migration 0047): handed over as the lead record; from then on read-only. */
  read_only_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Deadlines (migration 0050): calendar days (yyyy-mm-dd); select them as text, never as a JS Date. */
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  deadline_paused_on: ColumnType<string | null, string | null | undefined, string | null>;
  due_requested_on: ColumnType<string | null, string | null | undefined, string | null>;
  due_sort: ColumnType<string, never, never>;
}
/** Retention (migration 0036): per service, or the tenant's default (service_id null). */
export interface RetentionRulesTable {
  id: string; tenant_id: string; service_id: string | null; period_months: number; starts_at: string; appraisal: string;
  updated_at: Timestamp; updated_by: string;
}
export interface LegalHoldsTable {
  id: string; tenant_id: string; case_id: string; reason: string; set_by: string | null; set_by_name: string; set_at: Timestamp;
  released_by: string | null; released_by_name: string | null; released_at: Timestamp | null; release_reason: string | null;
}
/** Access log (migration 0037): reads of a case's personal data. */
export interface AccessLogTable {
  tenant_id: string; id: ColumnType<string, never, never>; at: Timestamp; actor_kind: string; actor_id: string; actor_name: string;
  case_id: string; case_number: string; action: string; object_id: string | null;
  /** Register queries (migration 0059): the legal basis and purpose given. */
  legal_basis?: string | null; purpose?: string | null;
}
/** Purge orders (migration 0038): the lists' approved deletions, performed resumably by the purge worker. */
export interface PurgeOrdersTable {
  id: string; tenant_id: string; case_id: string; list_id: string | null; reason: string;
  approved_by: ColumnType<string[], string, string>; state: Generated<string>; step: string | null;
  attempts: Generated<number>; last_error: string | null; requested_at: Generated<Date>; completed_at: Timestamp | null;
  /** Migration 0039: the worker's lease, and what outlives the case's rows until its files are gone. */
  locked_until: Timestamp | null; leftovers: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
}
/** Deletion log (migration 0038): the Vernichtungsprotokoll, one row per purged case, no personal data. */
export interface DeletionLogTable {
  id: string; tenant_id: string; order_id: string; case_id: string; case_number: string; service_name: string;
  appraisal: string; case_created_at: Timestamp; case_closed_at: Timestamp | null; retention_due_at: Timestamp | null;
  list_id: string | null; reason: string; approved_by: ColumnType<string[], string, string>; purged_at: Generated<Date>;
}
/** Art. 17 erasure requests (migration 0045): requested by one data-protection officer, confirmed by another. */
export interface ErasureRequestsTable {
  id: string; tenant_id: string; case_id: string; case_number: string; reason: string; state: Generated<string>;
  requested_by: string; requested_by_name: string; requested_at: Generated<Date>;
  decided_by: string | null; decided_by_name: string | null; decided_at: Timestamp | null; purge_order_id: string | null;
}
export interface AttachmentsTable {
  id: string; tenant_id: string; case_id: string; file_name: string; mime_type: string; declared_mime_type: ColumnType<string | null, string | null | undefined, never>;
  size_bytes: ColumnType<number, number, number>; sha256: string; kind: Generated<string>; created_at: Generated<Date>;
  /** Migration 0024: malware scan state (server/src/scanning/scanner.ts). */
  scan_status: Generated<string>;
}
export interface CaseEventsTable {
  tenant_id: string; seq: ColumnType<string | number, number, never>; id: string; case_id: string | null; type: string;
  actor_kind: string; actor_id: string | null; actor_name: string;
  /** The payload; null once a purge erased it (migration 0039: then tombstone says when, why, by which order). */
  data: ColumnType<Record<string, unknown> | null, string, never>;
  occurred_at: Timestamp; prev_hash: string; hash: string;
  /** Migration 0039: event format (events/format.ts), the payload's salt and salted hash (format 2). */
  format: ColumnType<number, number, never>; data_salt: ColumnType<string | null, string | null, never>;
  data_hash: ColumnType<string | null, string | null, never>;
  tombstone: ColumnType<Record<string, unknown> | null, never, never>;
}
export interface EventChainHeadsTable { tenant_id: string; last_seq: ColumnType<string | number, number, number>; last_hash: string }
export interface WebhooksTable {
  id: string; tenant_id: string; url: string; secret: string; event_types: string[]; active: Generated<boolean>; created_at: Generated<Date>;
}
export interface OutboxTable {
  id: string; tenant_id: string; kind: string; idempotency_key: string; payload: Json<Record<string, unknown>>;
  status: Generated<string>; attempts: Generated<number>; max_attempts: Generated<number>; next_attempt_at: Generated<Date>;
  locked_until: Timestamp | null; last_error: string | null; created_at: Generated<Date>; delivered_at: Timestamp | null;
  ordering_key: ColumnType<string | null, string | null | undefined, string | null>;
  ordering_seq: ColumnType<string | null, number | string | null | undefined, number | string | null>;
}
/** Subscriptions to the event catalogue, with their circuit breaker (migration 0049, server/src/webhooks). */
export interface WebhookEndpointsTable {
  id: string; tenant_id: string; url: string; secret: string; description: Generated<string>; event_types: string[];
  owner_kind: string | null; owner_id: string | null; active: Generated<boolean>;
  breaker_state: Generated<string>; consecutive_failures: Generated<number>; opened_at: Timestamp | null;
  next_probe_at: Timestamp | null; last_failure: string | null; last_success_at: Timestamp | null; created_at: Generated<Date>;
}

export interface Database {
  tenants: TenantsTable;
  operators: OperatorsTable;
  operator_sessions: OperatorSessionsTable;
  platform_audit: PlatformAuditTable;
  instances: InstancesTable;
  org_units: OrgUnitsTable;
  services: ServicesTable;
  users: UsersTable;
  staff_oidc_providers: StaffOidcProvidersTable;
  staff_oidc_mappings: StaffOidcMappingsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  fachverfahren_clients: FachverfahrenClientsTable;
  fachverfahren_access_tokens: FachverfahrenAccessTokensTable;
  case_number_counters: CaseNumberCountersTable;
  cases: CasesTable;
  retention_rules: RetentionRulesTable;
  legal_holds: LegalHoldsTable;
  access_log: AccessLogTable;
  purge_orders: PurgeOrdersTable;
  deletion_log: DeletionLogTable;
  erasure_requests: ErasureRequestsTable;
  attachments: AttachmentsTable;
  case_events: CaseEventsTable;
  event_chain_heads: EventChainHeadsTable;
  webhooks: WebhooksTable;
  webhook_endpoints: WebhookEndpointsTable;
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
  postfach_settings: PostfachSettingsTable;
  portal_accounts: PortalAccountsTable;
  portal_login_links: PortalLoginLinksTable;
  portal_sessions: PortalSessionsTable;
  saved_views: SavedViewsTable;
  notifications: NotificationsTable;
  audit_checkpoints: AuditCheckpointsTable;
  routing_identifiers: RoutingIdentifiersTable;
  applicant_mappings: ApplicantMappingsTable;
  tenant_exports: TenantExportsTable;
  deadline_settings: DeadlineSettingsTable;
  deadline_notice_settings: DeadlineNoticeSettingsTable;
  absences: AbsencesTable;
  delegation_agreements: DelegationAgreementsTable;
  case_grants: CaseGrantsTable;
  case_tasks: CaseTasksTable;
}

/** Tenant export jobs (migration 0044). */
export interface TenantExportsTable {
  id: string; tenant_id: string; requested_by: string; requested_by_name: string; status: Generated<'running' | 'done' | 'failed'>;
  cases_total: Generated<number>; cases_done: Generated<number>; files_done: Generated<number>;
  size_bytes: ColumnType<string | number | null, number | null, number | null>; sha256: string | null;
  created_at: Generated<Date>; updated_at: Generated<Date>; finished_at: Timestamp | null;
}

/** Signed checkpoints of the hash chains (migration 0028); written through definer functions only. */
export interface AuditCheckpointsTable {
  id: string; tenant_id: string; seq: ColumnType<string | number, never, never>; head_hash: string; created_at: Timestamp;
  key_fingerprint: string; statement: string; published_file_at: Timestamp | null; published_url_at: Timestamp | null;
}

// Routing identifiers (migration 0029) ------------------------------------------------------------
export interface RoutingIdentifiersTable {
  id: string; tenant_id: string; org_unit_id: string | null; scheme: string; value: string; value_key: string;
  created_at: Generated<Date>; created_by: string;
}

// Applicant contact mapping (migration 0030) ------------------------------------------------------
export interface ApplicantMappingsTable {
  tenant_id: string; service_id: string; mapping: Json<Record<string, unknown>>; updated_at: Generated<Date>; updated_by: string;
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
  /** Private JWK (PS512) for signing accept/reject Security Event Tokens (migration 0017). */
  signing_jwk: Json<Record<string, unknown>> | null;
  /** Submission API sign-in, OAuth2 client credentials (migration 0060); all null when not needed. */
  token_url: string | null; client_id: string | null; client_secret: string | null; oauth_scope: string | null;
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
  /** Printed letters (migration 0031): the letter PDF (a case attachment), and when the caseworker posted it. */
  letter_attachment_id: ColumnType<string | null, string | null | undefined, string | null>;
  posted_on: ColumnType<string | null, string | null | undefined, string | null>;
  posted_by_name: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface MessageAttachmentsTable { tenant_id: string; message_id: string; attachment_id: string; position: number }
export interface MailboxSettingsTable {
  tenant_id: string; external_base_url: string | null; external_token: string | null; webhook_secret: string | null;
  poll_cursor: string | null; updated_at: Generated<Date>;
}
export interface PostfachSettingsTable {
  tenant_id: string; channel: string; enabled: Generated<boolean>; mode: string | null; base_url: string | null; token_url: string | null;
  destination_url: string | null; destination_id: string | null; client_id: string | null; client_secret: string | null;
  signing_key: string | null; certificate: string | null; tls_ca: string | null;
  sender_name: string | null; reply_address: string | null; status_monitor: Generated<boolean>; poll_cursor: string | null; updated_at: Generated<Date>;
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
  id: string; tenant_id: string; case_id: string; author_id: string | null; body: string;
  /** A note written by a Fachverfahren (migration 0048) instead of a person. */
  author_client_id: Generated<string | null>;
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
  /** Migration 0065: a decision is sent only once every task of the case is closed. */
  requires_tasks_done: Generated<boolean>;
}

/** Tasks inside a case (migration 0065). */
export interface CaseTasksTable {
  id: string; tenant_id: string; case_id: string; kind: 'check' | 'co_signature' | 'other'; instruction: string;
  assignee_user_id: string | null; assignee_org_unit_id: string | null;
  /** A calendar day (yyyy-mm-dd); select it as text (due_on::text). */
  due_on: ColumnType<string, string, string>;
  state: Generated<'open' | 'done' | 'cancelled'>; outcome: string | null; outcome_comment: string | null;
  created_by: string | null; created_by_name: string; created_at: Generated<Date>;
  closed_by: string | null; closed_by_name: string | null; closed_at: Timestamp | null;
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

// Notifications (migration 0017) ------------------------------------------------------------
export interface NotificationsTable {
  id: string; tenant_id: string; user_id: string; kind: string; case_id: string;
  created_at: Generated<Date>; read_at: Timestamp | null;
}

/** Deadlines (migration 0050): the state whose public holidays count; null: nationwide ones only. */
export interface DeadlineSettingsTable {
  tenant_id: string; holiday_state: string | null; updated_at: Generated<Date>; updated_by_name: string;
}
export interface DeadlineNoticeSettingsTable {
  tenant_id: string; user_id: string; days_before: number | null; on_due_day: Generated<boolean>;
}
/** Absences (migration 0050): days are yyyy-mm-dd; select them as text. */
export interface AbsencesTable {
  id: string; tenant_id: string; user_id: string; deputy_id: string;
  starts_on: ColumnType<string, string, string>; ends_on: ColumnType<string, string, string>;
  note: string | null; created_by: string | null; created_by_name: string; created_at: Generated<Date>; withdrawn_at: Timestamp | null;
}
// Operator console (migration 0053) ---------------------------------------------------------
export interface PlatformAuditTable {
  id: string; operator_id: string; operator_name: string; action: string; tenant_id: string | null; subject_id: string | null;
  detail: Json<Record<string, unknown>>; at: Generated<Date>;
}
export interface InstancesTable {
  id: string; role: string; version: string; host: string; started_at: Timestamp; last_seen_at: Timestamp;
}

/** Delegation between tenants (migration 0057, decision 0031): visible to both parties. */
export interface DelegationAgreementsTable {
  id: string; proposer_tenant_id: string; acceptor_tenant_id: string; kind: 'service' | 'assistance';
  service_id: string | null; service_name: string | null; acceptor_org_unit_id: string | null; acceptor_org_unit_name: string | null; valid_from: ColumnType<string, string, string>;
  valid_until: ColumnType<string | null, string | null, string | null>; status: Generated<'proposed' | 'accepted' | 'revoked'>;
  note: string | null; proposed_by_name: string; proposed_at: Generated<Date>; accepted_by_name: string | null;
  accepted_at: Timestamp | null; revoked_by_name: string | null; revoked_by_tenant_id: string | null; revoked_at: Timestamp | null;
}
/** A case of the owner (tenant_id) opened to a helping tenant under an agreement (migration 0057). */
export interface CaseGrantsTable {
  id: string; tenant_id: string; case_id: string; agreement_id: string; grantee_tenant_id: string;
  grantee_org_unit_id: string | null; granted_by_name: string; granted_at: Generated<Date>; revoked_at: Timestamp | null;
}
