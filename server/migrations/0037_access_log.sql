-- Access log (issue #15): every read of a case's personal data by a person or machine client:
-- who, when, which case, what. Written in batches (server/src/records/access-log.ts), queried by
-- the tenant admin and the data-protection officer, deleted after its own retention period.
CREATE TABLE access_log (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  at timestamptz NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'token')),
  actor_id uuid NOT NULL,
  actor_name text NOT NULL,
  -- No foreign key: the log outlives a purged case (it then names a case that no longer exists).
  case_id uuid NOT NULL,
  case_number text NOT NULL,
  action text NOT NULL CHECK (action IN ('case_opened', 'attachment_downloaded', 'decision_previewed', 'letter_downloaded', 'exported', 'printed')),
  -- The id of the file or document read (never its name: names can carry personal data).
  object_id uuid,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX access_log_at ON access_log (tenant_id, at DESC);
CREATE INDEX access_log_case ON access_log (tenant_id, case_id, at DESC);
CREATE INDEX access_log_actor ON access_log (tenant_id, actor_id, at DESC);

ALTER TABLE access_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE access_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON access_log USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
-- Append and read; deletion only past the retention period (the access-log job).
GRANT SELECT, INSERT, DELETE ON access_log TO amtsdesk_app;
