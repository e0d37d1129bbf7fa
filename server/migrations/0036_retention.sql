-- Retention (issue #15, first part): how long a case is kept after it ends, what the archive is
-- offered, and legal holds that stop deletion. Deletion itself comes with the destruction lists.

-- When the case was last closed. Set by the database on every write path (single transitions, bulk,
-- imports), cleared when the case is reopened; the retention period of "closed" cases runs from it.
ALTER TABLE cases ADD COLUMN closed_at timestamptz;

CREATE FUNCTION cases_track_closed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'closed' THEN
    IF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'closed' THEN
      NEW.closed_at := coalesce(NEW.closed_at, now());
    END IF;
  ELSIF NEW.status <> 'deletion_requested' THEN
    NEW.closed_at := NULL;
  END IF;
  RETURN NEW;
END $$;

-- Only closed inserts call the function (intake inserts new cases in batches and pays nothing).
CREATE TRIGGER cases_closed_at_insert BEFORE INSERT ON cases FOR EACH ROW
  WHEN (NEW.status = 'closed') EXECUTE FUNCTION cases_track_closed();
CREATE TRIGGER cases_closed_at_update BEFORE UPDATE OF status ON cases FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION cases_track_closed();

-- Cases closed before this migration: the time of the history event that closed them, else their
-- last change. A case without closed_at is never due (the safe side: it is kept, not deleted).
UPDATE cases c SET closed_at = coalesce(
  (SELECT max(e.occurred_at) FROM case_events e
    WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.type = 'case.status_changed' AND e.data->'status'->>'to' = 'closed'),
  c.updated_at)
WHERE c.status IN ('closed', 'deletion_requested') AND c.closed_at IS NULL;

CREATE INDEX cases_closed ON cases (tenant_id, closed_at) WHERE closed_at IS NOT NULL;

-- One rule per service, and the tenant's default (service_id null). Appraisal codes are xdomea's:
-- A archivwürdig, B zu bewerten, V vernichten.
CREATE TABLE retention_rules (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  service_id uuid REFERENCES services(id) ON DELETE CASCADE,
  period_months integer NOT NULL CHECK (period_months BETWEEN 0 AND 1200),
  starts_at text NOT NULL CHECK (starts_at IN ('closed', 'decision_final')),
  appraisal text NOT NULL CHECK (appraisal IN ('A', 'B', 'V')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
CREATE UNIQUE INDEX retention_rules_service ON retention_rules (tenant_id, service_id) WHERE service_id IS NOT NULL;
CREATE UNIQUE INDEX retention_rules_default ON retention_rules (tenant_id) WHERE service_id IS NULL;

ALTER TABLE retention_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE retention_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON retention_rules USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON retention_rules TO amtsdesk_app;

-- A legal hold (litigation, audit): while one is active the case is never deleted.
CREATE TABLE legal_holds (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 1000),
  set_by uuid,
  set_by_name text NOT NULL,
  set_at timestamptz NOT NULL DEFAULT now(),
  released_by uuid,
  released_by_name text,
  released_at timestamptz,
  release_reason text CHECK (release_reason IS NULL OR char_length(release_reason) BETWEEN 1 AND 1000)
);
CREATE UNIQUE INDEX legal_holds_active ON legal_holds (tenant_id, case_id) WHERE released_at IS NULL;
CREATE INDEX legal_holds_case ON legal_holds (tenant_id, case_id, set_at);

ALTER TABLE legal_holds ENABLE ROW LEVEL SECURITY;
ALTER TABLE legal_holds FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON legal_holds USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON legal_holds TO amtsdesk_app;

-- The one definition of when a case's retention period starts and ends (used for one case and for
-- the lists). "decision_final": the decision is final (bestandskräftig) one month after its
-- notification, which is deemed the fourth day after it was sent (§ 41 Abs. 2 VwVfG, § 70 VwGO);
-- the period starts then or at closing, whichever is later. Without a sent decision it starts at
-- closing. Null: the period has not started (the case is not closed).
CREATE FUNCTION retention_period_start(p_closed_at timestamptz, p_decision_sent_at timestamptz, p_starts_at text)
  RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
      WHEN p_closed_at IS NULL THEN NULL
      WHEN p_starts_at = 'decision_final' AND p_decision_sent_at IS NOT NULL
        THEN greatest(p_closed_at, p_decision_sent_at + interval '4 days' + interval '1 month')
      ELSE p_closed_at
    END
  $$;

CREATE FUNCTION retention_due_at(p_closed_at timestamptz, p_decision_sent_at timestamptz, p_starts_at text, p_period_months integer)
  RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$
    SELECT retention_period_start(p_closed_at, p_decision_sent_at, p_starts_at) + make_interval(months => p_period_months)
  $$;
GRANT EXECUTE ON FUNCTION retention_period_start(timestamptz, timestamptz, text) TO amtsdesk_app;
GRANT EXECUTE ON FUNCTION retention_due_at(timestamptz, timestamptz, text, integer) TO amtsdesk_app;
