-- Data-subject rights (issue #15, item 6): Art. 17 early erasure with four-eyes. A data-protection
-- officer requests the erasure of a case with a reason; a second, different officer confirms it, and
-- only then is a purge order written (records/purge/orders.ts) in the same transaction.
CREATE TABLE erasure_requests (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- No foreign key to the case: the request (who, when, why; no personal data besides the reason) outlives the purge.
  case_id uuid NOT NULL,
  case_number text NOT NULL,
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  state text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'confirmed', 'withdrawn')),
  requested_by uuid NOT NULL,
  requested_by_name text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid,
  decided_by_name text,
  decided_at timestamptz,
  purge_order_id uuid,
  -- The second person is never the first (also enforced in the service, with a German answer).
  CHECK (decided_by IS NULL OR decided_by <> requested_by OR state = 'withdrawn')
);
-- At most one open request per case.
CREATE UNIQUE INDEX erasure_requests_open ON erasure_requests (tenant_id, case_id) WHERE state = 'requested';
CREATE INDEX erasure_requests_tenant ON erasure_requests (tenant_id, requested_at);

ALTER TABLE erasure_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE erasure_requests FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON erasure_requests USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON erasure_requests TO amtsdesk_app;
