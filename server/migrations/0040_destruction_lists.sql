-- Destruction lists (issue #15): the daily job proposes, per tenant, the cases whose retention ran
-- out; a records officer reviews (takes single cases out with a reason) and approves; a second,
-- different records officer confirms. Only that confirmation writes purge orders (0038).

-- One list. At most one list per tenant is in review (proposed or approved) at a time: the next
-- one is proposed when it is finished, so a case taken out comes back on the next list, not daily.
CREATE TABLE destruction_lists (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- Running number per tenant, for people ("Aussonderungsliste 3").
  number integer NOT NULL,
  state text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'approved', 'confirmed')),
  -- The clock the proposal ran on (now, or --as-of in drills).
  as_of timestamptz NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  approved_by uuid,
  approved_by_name text,
  approved_at timestamptz,
  confirmed_by uuid,
  confirmed_by_name text,
  confirmed_at timestamptz,
  -- Four-eyes, also in the database: the confirming person is never the approving one.
  CHECK (confirmed_by IS NULL OR approved_by IS NULL OR confirmed_by <> approved_by)
);
CREATE UNIQUE INDEX destruction_lists_number ON destruction_lists (tenant_id, number);
CREATE UNIQUE INDEX destruction_lists_in_review ON destruction_lists (tenant_id) WHERE state IN ('proposed', 'approved');

ALTER TABLE destruction_lists ENABLE ROW LEVEL SECURITY;
ALTER TABLE destruction_lists FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON destruction_lists USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON destruction_lists TO amtsdesk_app;

-- One case on a list. Case number, service name and dates are copied (no personal data), so the
-- list still reads after the purge. state: 'included' (to be destroyed), 'removed' (taken out, with
-- a reason), 'ordered' (purge order written). archive: the xdomea archive offer for appraisal A/B —
-- 'not_required' (V), 'awaiting' (offer pending: the case waits on the list and is not purged),
-- 'answered' (set by the archive offer, issue #16; then the case may be ordered).
CREATE TABLE destruction_list_entries (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  list_id uuid NOT NULL REFERENCES destruction_lists(id),
  case_id uuid NOT NULL,
  case_number text NOT NULL,
  service_name text NOT NULL,
  appraisal text NOT NULL CHECK (appraisal IN ('A', 'B', 'V')),
  due_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'included' CHECK (state IN ('included', 'removed', 'ordered')),
  archive text NOT NULL CHECK (archive IN ('not_required', 'awaiting', 'answered')),
  archive_answered_at timestamptz,
  removed_reason text CHECK (removed_reason IS NULL OR char_length(removed_reason) BETWEEN 1 AND 1000),
  removed_by_name text,
  removed_at timestamptz,
  purge_order_id uuid,
  PRIMARY KEY (list_id, case_id)
);
-- A case is on at most one list while it may still be destroyed from it.
CREATE UNIQUE INDEX destruction_list_entries_open ON destruction_list_entries (tenant_id, case_id) WHERE state = 'included';
CREATE INDEX destruction_list_entries_list ON destruction_list_entries (tenant_id, list_id, case_number);

ALTER TABLE destruction_list_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE destruction_list_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON destruction_list_entries USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON destruction_list_entries TO amtsdesk_app;

-- The list's own log: every step, who and when (append-only for the app).
CREATE TABLE destruction_list_log (
  -- Ascending in the order written (several steps share one transaction's time).
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  list_id uuid NOT NULL REFERENCES destruction_lists(id),
  at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL CHECK (action IN ('proposed', 'removed', 'approved', 'confirmed', 'ordered', 'archive_answered')),
  actor_name text NOT NULL,
  case_number text,
  reason text CHECK (reason IS NULL OR char_length(reason) <= 1000),
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX destruction_list_log_list ON destruction_list_log (tenant_id, list_id, at);

ALTER TABLE destruction_list_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE destruction_list_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON destruction_list_log USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT ON destruction_list_log TO amtsdesk_app;
