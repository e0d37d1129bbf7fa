-- Purge orders and the deletion log (issue #15): the seam between the destruction lists (which decide
-- that a case is deleted, four-eyes) and the purge worker (which deletes it, resumably).

-- A durable order to purge one case, written in the same transaction as the list's final approval.
-- The purge worker performs it step by step; state survives SIGKILL, so an interrupted purge resumes.
CREATE TABLE purge_orders (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL,
  -- The destruction list that ordered it (null only for an Art. 17 early erasure without a list).
  list_id uuid,
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  -- Display names of the two approvers, kept for the deletion log after user accounts are gone.
  approved_by jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  -- The purge worker's progress marker (which step completed last), for resuming after a crash.
  step text,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE UNIQUE INDEX purge_orders_case_open ON purge_orders (tenant_id, case_id) WHERE state IN ('pending', 'running');
CREATE INDEX purge_orders_pending ON purge_orders (requested_at) WHERE state IN ('pending', 'running');

ALTER TABLE purge_orders ENABLE ROW LEVEL SECURITY;
ALTER TABLE purge_orders FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON purge_orders USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON purge_orders TO amtsdesk_app;

-- The deletion log (Vernichtungsprotokoll): one row per purged case, no personal data — the case
-- number, the service, the dates, the list and the approvers. Kept after the case is gone.
CREATE TABLE deletion_log (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  order_id uuid NOT NULL REFERENCES purge_orders(id),
  case_id uuid NOT NULL,
  case_number text NOT NULL,
  service_name text NOT NULL,
  appraisal text NOT NULL CHECK (appraisal IN ('A', 'B', 'V')),
  case_created_at timestamptz NOT NULL,
  case_closed_at timestamptz,
  retention_due_at timestamptz,
  list_id uuid,
  reason text NOT NULL,
  approved_by jsonb NOT NULL,
  purged_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX deletion_log_order ON deletion_log (order_id);
CREATE INDEX deletion_log_tenant ON deletion_log (tenant_id, purged_at);

ALTER TABLE deletion_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE deletion_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON deletion_log USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON deletion_log TO amtsdesk_app;
