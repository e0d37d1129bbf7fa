-- Processors and register queries (issue #17, items 4 and 5; docs/integration.md, decision 0032).
--
-- 1. processors: what a tenant admin attached to a service. kind 'http' POSTs the application to an
--    external checking service (url through the SSRF guard, secret signs the request per Standard
--    Webhooks, timeout); kind 'plausibility' is the built-in check against the admin's rules.
--    auto_apply: the service's suggestions are applied without a person (a case event records it).
-- 2. processor_runs: one run of one processor for one case, started by case creation (through the
--    outbox, never inside intake's transaction) or by a person; its structured results. Extracted
--    values are personal data, so runs go with their case (ON DELETE CASCADE: purge deletes cases).
-- 3. register_queries: who queried which register for which case, with legal basis and purpose.
--    No query values and no result are stored (data minimisation); the access log names the row.

CREATE TABLE processors (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  service_id uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('http', 'plausibility')),
  url text CHECK (char_length(url) <= 2000),
  secret text,
  timeout_ms integer NOT NULL DEFAULT 10000 CHECK (timeout_ms BETWEEN 100 AND 60000),
  rules jsonb NOT NULL DEFAULT '[]',
  auto_apply boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'http') = (url IS NOT NULL AND secret IS NOT NULL))
);
CREATE INDEX processors_service ON processors (tenant_id, service_id) WHERE active;

CREATE TABLE processor_runs (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  processor_id uuid NOT NULL REFERENCES processors(id) ON DELETE CASCADE,
  trigger text NOT NULL CHECK (trigger IN ('case_created', 'manual')),
  started_by text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  checks jsonb NOT NULL DEFAULT '[]',
  extracted jsonb NOT NULL DEFAULT '{}',
  suggestion jsonb,
  suggestion_state text NOT NULL DEFAULT 'none' CHECK (suggestion_state IN ('none', 'open', 'applied', 'dismissed')),
  suggestion_note text,
  applied_by text,
  applied_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX processor_runs_case ON processor_runs (tenant_id, case_id, created_at DESC);

CREATE TABLE register_queries (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- No foreign key: like the access log, the record outlives a purged case.
  case_id uuid NOT NULL,
  actor_id uuid NOT NULL,
  actor_name text NOT NULL,
  register text NOT NULL CHECK (register IN ('residents', 'companies')),
  query_kind text NOT NULL CHECK (query_kind IN ('search', 'identifier')),
  legal_basis text NOT NULL CHECK (char_length(legal_basis) BETWEEN 3 AND 300),
  purpose text NOT NULL CHECK (char_length(purpose) BETWEEN 3 AND 500),
  hits integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX register_queries_case ON register_queries (tenant_id, case_id, at DESC);

ALTER TABLE processors ENABLE ROW LEVEL SECURITY;
ALTER TABLE processors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON processors USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
ALTER TABLE processor_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE processor_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON processor_runs USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
ALTER TABLE register_queries ENABLE ROW LEVEL SECURITY;
ALTER TABLE register_queries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON register_queries USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON processors TO amtsdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON processor_runs TO amtsdesk_app;
-- Append and read: a query record is never changed.
GRANT SELECT, INSERT ON register_queries TO amtsdesk_app;

-- A register query is a read of personal data: the access log names it (object_id = register_queries.id)
-- with its legal basis and purpose, so the log alone answers who, when, which case and on what basis.
ALTER TABLE access_log ADD COLUMN legal_basis text, ADD COLUMN purpose text;
ALTER TABLE access_log DROP CONSTRAINT access_log_action_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_action_check
  CHECK (action IN ('case_opened', 'attachment_downloaded', 'decision_previewed', 'letter_downloaded', 'exported', 'printed', 'register_queried'));
