-- Tenant export (issue #15): the background jobs that write a tenant's whole archive, their
-- progress and the finished file (kept in AMTSDESK_EXPORT_DIR, named by the job id).
CREATE TABLE tenant_exports (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  requested_by uuid NOT NULL,
  requested_by_name text NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  cases_total integer NOT NULL DEFAULT 0,
  cases_done integer NOT NULL DEFAULT 0,
  files_done integer NOT NULL DEFAULT 0,
  size_bytes bigint,
  sha256 text,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A running job touches this at least every few seconds; one that stops doing so has died.
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX tenant_exports_recent ON tenant_exports (tenant_id, created_at DESC);

ALTER TABLE tenant_exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_exports FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_exports USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_exports TO amtsdesk_app;
