-- Foundation schema. Runs unchanged on PGlite and PostgreSQL >= 15.
-- Every tenant-owned table carries tenant_id and is restricted by row-level security to the tenant
-- set for the current transaction (app.tenant_id). The application works as role amtsdesk_app,
-- which is neither superuser nor BYPASSRLS. Cross-tenant work (outbox worker, auth lookups) goes
-- through a few narrow SECURITY DEFINER functions, never through a bypassing role.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'amtsdesk_app') THEN
    CREATE ROLE amtsdesk_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- a parallel migration created it
END $$;

CREATE OR REPLACE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;

-- Platform tables (no tenant content) ------------------------------------------------------------
CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL,
  ags text NOT NULL,
  case_number_pattern text NOT NULL DEFAULT '{unit}-{yyyy}-{seq}',
  status text NOT NULL DEFAULT 'active',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operators (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE operator_sessions (
  token_hash text PRIMARY KEY,
  operator_id uuid NOT NULL REFERENCES operators(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

-- Tenant-owned tables ----------------------------------------------------------------------------
CREATE TABLE org_units (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  short_code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, short_code)
);

CREATE TABLE services (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  leika_key text NOT NULL,
  name text NOT NULL,
  org_unit_id uuid REFERENCES org_units(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, leika_key)
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  email text NOT NULL,
  display_name text NOT NULL,
  password_hash text,
  oidc_subject text,
  roles text[] NOT NULL DEFAULT '{}',
  org_unit_ids uuid[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  invite_token_hash text,
  invite_expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_tenant_email ON users (tenant_id, lower(email));
CREATE UNIQUE INDEX users_tenant_oidc ON users (tenant_id, oidc_subject) WHERE oidc_subject IS NOT NULL;

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE case_number_counters (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  year integer NOT NULL,
  last_seq integer NOT NULL,
  PRIMARY KEY (tenant_id, year)
);

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_number text NOT NULL,
  service_id uuid NOT NULL REFERENCES services(id),
  org_unit_id uuid NOT NULL REFERENCES org_units(id),
  status text NOT NULL,
  status_before_forward text,
  assignee_id uuid REFERENCES users(id),
  priority text NOT NULL DEFAULT 'normal',
  version integer NOT NULL DEFAULT 1,
  title text NOT NULL,
  applicant jsonb NOT NULL,
  applicant_name text NOT NULL,
  form_data jsonb NOT NULL,
  channel text NOT NULL,
  transaction_id text,
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (tenant_id, case_number)
);
CREATE INDEX cases_inbox ON cases (tenant_id, received_at DESC, id DESC);
CREATE INDEX cases_by_status ON cases (tenant_id, status, received_at DESC, id DESC);
CREATE INDEX cases_by_assignee ON cases (tenant_id, assignee_id, received_at DESC, id DESC);
CREATE INDEX cases_by_service ON cases (tenant_id, service_id, received_at DESC, id DESC);
CREATE INDEX cases_by_unit ON cases (tenant_id, org_unit_id, received_at DESC, id DESC);
CREATE UNIQUE INDEX cases_transaction ON cases (tenant_id, channel, transaction_id) WHERE transaction_id IS NOT NULL;

CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  file_name text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  kind text NOT NULL DEFAULT 'attachment',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_case ON attachments (tenant_id, case_id);

-- Append-only, hash-chained history. The app role may only read and append.
CREATE TABLE case_events (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  seq bigint NOT NULL,
  id uuid NOT NULL UNIQUE,
  case_id uuid REFERENCES cases(id),
  type text NOT NULL,
  actor_kind text NOT NULL,
  actor_id uuid,
  actor_name text NOT NULL,
  data jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX case_events_case ON case_events (tenant_id, case_id, seq);

CREATE TABLE event_chain_heads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  last_seq bigint NOT NULL,
  last_hash text NOT NULL
);

CREATE TABLE webhooks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  url text NOT NULL,
  secret text NOT NULL,
  event_types text[] NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  kind text NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 10,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_tenant_status ON outbox (tenant_id, status, created_at DESC);

-- Row-level security ------------------------------------------------------------------------------
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['org_units','services','users','sessions','api_tokens','case_number_counters',
                           'cases','attachments','case_events','event_chain_heads','webhooks','outbox']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

-- Narrow cross-tenant entry points -----------------------------------------------------------------
CREATE FUNCTION auth_lookup_session(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, user_id uuid, csrf_token text, expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.tenant_id, s.user_id, s.csrf_token, s.expires_at FROM sessions s
    WHERE s.token_hash = p_token_hash AND s.expires_at > now()
  $$;

CREATE FUNCTION auth_lookup_api_token(p_token_hash text)
  RETURNS TABLE (id uuid, tenant_id uuid, scopes text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT t.id, t.tenant_id, t.scopes FROM api_tokens t
    WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL
  $$;

-- The outbox worker leases due messages of all tenants; it then works on each inside that
-- message's tenant context.
CREATE FUNCTION outbox_claim(p_limit integer, p_lease_seconds integer)
  RETURNS TABLE (id uuid, tenant_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE outbox o SET locked_until = now() + make_interval(secs => p_lease_seconds)
    WHERE o.id IN (
      SELECT c.id FROM outbox c
      WHERE c.status = 'pending' AND c.next_attempt_at <= now()
        AND (c.locked_until IS NULL OR c.locked_until < now())
      ORDER BY c.next_attempt_at
      LIMIT p_limit
      FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.tenant_id
  $$;

CREATE FUNCTION outbox_dead_letters_all(p_limit integer)
  RETURNS TABLE (id uuid, tenant_id uuid, kind text, attempts integer, last_error text, created_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT o.id, o.tenant_id, o.kind, o.attempts, o.last_error, o.created_at FROM outbox o
    WHERE o.status = 'dead' ORDER BY o.created_at DESC LIMIT p_limit
  $$;

-- Grants --------------------------------------------------------------------------------------------
GRANT USAGE ON SCHEMA public TO amtsdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO amtsdesk_app;
REVOKE UPDATE, DELETE ON case_events FROM amtsdesk_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO amtsdesk_app;
