-- The destruction-list proposal by index (issue 20, session 7; docs/performance.md "After session 7").
-- Runs on PGlite and PostgreSQL.
--
-- The daily proposal computed every closed case's due date (closed_at, the last decision sent, the
-- service's or the tenant's rule) and then kept those due: one pass over all closed cases, 75 s at
-- 5,000,000 cases. Now the due date is stored on the case, maintained by the database on every
-- write that changes it, and an index (tenant, due date) lets the proposal read the due cases only:
-- - a case closed, reopened, set to deletion_requested or moved to another service (BEFORE trigger
--   on cases; it runs after cases_closed_at_update of 0036, triggers fire in name order);
-- - a decision sent (its sent_at counts for rules starting at "decision final");
-- - a retention rule created, changed or removed (the tenant's default or one service's).
-- The value is exactly retention_due_at() as the proposal computed it before (NULL when the case is
-- not closed); server/src/records/destruction/due-date.test.ts compares both after each change.
-- Built-in rule when the tenant has none: 120 months from closing (server/src/records/rules.ts,
-- BUILT_IN_RULE; the test above fails if the two disagree).
ALTER TABLE cases ADD COLUMN retention_due_at timestamptz;

-- The due date of one case, as destructionCandidates() computed it. Invoker rights: the writer is in
-- the case's tenant (row-level security of decisions and retention_rules), as every case write is.
CREATE FUNCTION case_retention_due(p_tenant uuid, p_case uuid, p_service uuid, p_status text, p_closed_at timestamptz)
  RETURNS timestamptz LANGUAGE sql STABLE SET search_path = public AS $$
    SELECT CASE WHEN p_status IN ('closed', 'deletion_requested') THEN retention_due_at(
      p_closed_at,
      (SELECT max(d.sent_at) FROM decisions d WHERE d.tenant_id = p_tenant AND d.case_id = p_case),
      coalesce(rs.starts_at, rd.starts_at, 'closed'),
      coalesce(rs.period_months, rd.period_months, 120)) END
    FROM (SELECT 1) one
    LEFT JOIN retention_rules rs ON rs.tenant_id = p_tenant AND rs.service_id = p_service
    LEFT JOIN retention_rules rd ON rd.tenant_id = p_tenant AND rd.service_id IS NULL
  $$;
GRANT EXECUTE ON FUNCTION case_retention_due(uuid, uuid, uuid, text, timestamptz) TO amtsdesk_app;

CREATE FUNCTION cases_track_retention_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.retention_due_at := case_retention_due(NEW.tenant_id, NEW.id, NEW.service_id, NEW.status, NEW.closed_at);
  RETURN NEW;
END $$;
-- Only closed cases, or cases that had a due date, call the function: intake and the open cases'
-- transitions pay nothing.
CREATE TRIGGER cases_retention_due_insert BEFORE INSERT ON cases FOR EACH ROW
  WHEN (NEW.status IN ('closed', 'deletion_requested')) EXECUTE FUNCTION cases_track_retention_due();
CREATE TRIGGER cases_retention_due_update BEFORE UPDATE OF status, closed_at, service_id ON cases FOR EACH ROW
  WHEN (NEW.status IN ('closed', 'deletion_requested') OR NEW.retention_due_at IS NOT NULL) EXECUTE FUNCTION cases_track_retention_due();

-- Recomputes the stored due date of the tenant's closed cases matching the condition (only rows
-- whose value changes are written).
CREATE FUNCTION cases_refresh_retention_due(p_tenant uuid, p_case uuid, p_service uuid) RETURNS void
  LANGUAGE sql VOLATILE SET search_path = public AS $$
    UPDATE cases c SET retention_due_at = d.due
    FROM (SELECT c2.id, case_retention_due(c2.tenant_id, c2.id, c2.service_id, c2.status, c2.closed_at) AS due
          FROM cases c2
          WHERE c2.tenant_id = p_tenant AND c2.status IN ('closed', 'deletion_requested')
            AND (p_case IS NULL OR c2.id = p_case) AND (p_service IS NULL OR c2.service_id = p_service)) d
    WHERE c.id = d.id AND c.retention_due_at IS DISTINCT FROM d.due
  $$;

CREATE FUNCTION decisions_track_retention_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM cases_refresh_retention_due(OLD.tenant_id, OLD.case_id, NULL);
  ELSIF NEW.sent_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.sent_at IS DISTINCT FROM NEW.sent_at) THEN
    PERFORM cases_refresh_retention_due(NEW.tenant_id, NEW.case_id, NULL);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER decisions_retention_due AFTER INSERT OR UPDATE OF sent_at OR DELETE ON decisions
  FOR EACH ROW EXECUTE FUNCTION decisions_track_retention_due();

-- A rule change is rare (an administrator's act) and may touch many closed cases of the tenant.
CREATE FUNCTION retention_rules_track_due() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r retention_rules;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  PERFORM cases_refresh_retention_due(r.tenant_id, NULL, r.service_id);
  IF TG_OP = 'UPDATE' AND OLD.service_id IS DISTINCT FROM NEW.service_id THEN
    PERFORM cases_refresh_retention_due(OLD.tenant_id, NULL, OLD.service_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER retention_rules_due AFTER INSERT OR UPDATE OR DELETE ON retention_rules
  FOR EACH ROW EXECUTE FUNCTION retention_rules_track_due();

-- Recomputes every stored due date: for bulk loads that ran with triggers off (bench:desk) and as a
-- repair tool. Platform only: not granted to the app role.
CREATE FUNCTION case_retention_due_rebuild() RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE changed bigint;
BEGIN
  UPDATE cases c SET retention_due_at = d.due
  FROM (SELECT c2.id, CASE WHEN c2.status IN ('closed', 'deletion_requested') THEN retention_due_at(
          c2.closed_at,
          (SELECT max(x.sent_at) FROM decisions x WHERE x.tenant_id = c2.tenant_id AND x.case_id = c2.id),
          coalesce(rs.starts_at, rd.starts_at, 'closed'),
          coalesce(rs.period_months, rd.period_months, 120)) END AS due
        FROM cases c2
        LEFT JOIN retention_rules rs ON rs.tenant_id = c2.tenant_id AND rs.service_id = c2.service_id
        LEFT JOIN retention_rules rd ON rd.tenant_id = c2.tenant_id AND rd.service_id IS NULL
        WHERE c2.status IN ('closed', 'deletion_requested') OR c2.retention_due_at IS NOT NULL) d
  WHERE c.id = d.id AND c.retention_due_at IS DISTINCT FROM d.due;
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed;
END $$;
REVOKE ALL ON FUNCTION case_retention_due_rebuild() FROM PUBLIC, amtsdesk_app;

SELECT case_retention_due_rebuild();

CREATE INDEX cases_retention_due ON cases (tenant_id, retention_due_at) WHERE retention_due_at IS NOT NULL;
