-- Case counters (issue #20, decision 0014): the status counts of the inbox and the dashboard
-- without scanning cases. Runs on PGlite and PostgreSQL.
--
-- Statement-level AFTER triggers on cases read the statement's transition tables and append ONE
-- aggregated delta row per (tenant, org unit, service, assignee, status) the statement changed
-- (an intake batch of 16 cases of one service: one row). Every write path is caught, also future
-- ones (deletion, retention, imports), because the trigger sits on the table, not in the code.
--
-- Writers only INSERT deltas: they never update a shared counter row, so they take no row lock a
-- concurrent writer could wait for. Updating counter rows in place would deadlock: a transition
-- decrements "new" of (unit, service) while holding nothing else, then waits for the tenant's
-- chain head; an intake batch holds the chain head and wants to increment the same "new" row.
-- case_counts_fold() (a timer in every server, one at a time by an advisory lock) moves the
-- deltas into case_counts in one transaction; a reader sums both in one statement, i.e. in one
-- snapshot, so it sees every committed change exactly once, before or after a fold.
CREATE TABLE case_counts (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  org_unit_id uuid NOT NULL,
  service_id uuid NOT NULL,
  assignee_id uuid,
  status text NOT NULL,
  n bigint NOT NULL,
  CONSTRAINT case_counts_key UNIQUE NULLS NOT DISTINCT (tenant_id, org_unit_id, service_id, assignee_id, status)
);
-- Rows that fell to zero (all cases of a combination moved on) are removed after each fold.
CREATE INDEX case_counts_zero ON case_counts (tenant_id) WHERE n = 0;

-- No foreign keys: a delta is written on every case change, and its values come from a case row
-- that has them already. Row-level security still applies (WITH CHECK: the writer's own tenant).
CREATE TABLE case_count_deltas (
  tenant_id uuid NOT NULL,
  org_unit_id uuid NOT NULL,
  service_id uuid NOT NULL,
  assignee_id uuid,
  status text NOT NULL,
  n integer NOT NULL
);
CREATE INDEX case_count_deltas_tenant ON case_count_deltas (tenant_id, org_unit_id);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['case_counts', 'case_count_deltas'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

-- The app reads counters and (through the trigger, as the writing role) appends deltas. It can
-- neither change nor delete a counter: only the fold function (definer) does.
REVOKE ALL ON case_counts, case_count_deltas FROM amtsdesk_app;
GRANT SELECT ON case_counts TO amtsdesk_app;
GRANT SELECT, INSERT ON case_count_deltas TO amtsdesk_app;

CREATE FUNCTION case_counts_track() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO case_count_deltas (tenant_id, org_unit_id, service_id, assignee_id, status, n)
    SELECT c.tenant_id, c.org_unit_id, c.service_id, c.assignee_id, c.status, count(*)
    FROM new_cases c GROUP BY 1, 2, 3, 4, 5;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO case_count_deltas (tenant_id, org_unit_id, service_id, assignee_id, status, n)
    SELECT c.tenant_id, c.org_unit_id, c.service_id, c.assignee_id, c.status, -count(*)
    FROM old_cases c GROUP BY 1, 2, 3, 4, 5;
  ELSE
    -- An update that changes none of the counted columns (a title, the unread flag) cancels out
    -- and writes nothing.
    INSERT INTO case_count_deltas (tenant_id, org_unit_id, service_id, assignee_id, status, n)
    SELECT d.tenant_id, d.org_unit_id, d.service_id, d.assignee_id, d.status, sum(d.n)
    FROM (
      SELECT c.tenant_id, c.org_unit_id, c.service_id, c.assignee_id, c.status, 1 AS n FROM new_cases c
      UNION ALL
      SELECT c.tenant_id, c.org_unit_id, c.service_id, c.assignee_id, c.status, -1 AS n FROM old_cases c
    ) d
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(d.n) <> 0;
  END IF;
  RETURN NULL;
END $$;

-- Taken before the triggers exist and held to the end of this migration: no case changes between
-- the backfill below and the first counted statement.
LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER cases_count_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION case_counts_track();
CREATE TRIGGER cases_count_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION case_counts_track();
CREATE TRIGGER cases_count_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_cases
  FOR EACH STATEMENT EXECUTE FUNCTION case_counts_track();

INSERT INTO case_counts (tenant_id, org_unit_id, service_id, assignee_id, status, n)
SELECT tenant_id, org_unit_id, service_id, assignee_id, status, count(*)
FROM cases GROUP BY 1, 2, 3, 4, 5;

-- Moves all committed deltas of all tenants into case_counts; returns how many delta rows it
-- folded. Concurrent calls (several instances) do not double-count: one holds the advisory lock,
-- the others return 0 at once. Upserts go in key order, so two folds could not deadlock anyway.
CREATE FUNCTION case_counts_fold() RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(727275) THEN
    RETURN 0;
  END IF;
  WITH gone AS (
    DELETE FROM case_count_deltas RETURNING tenant_id, org_unit_id, service_id, assignee_id, status, n
  ), summed AS (
    SELECT tenant_id, org_unit_id, service_id, assignee_id, status, sum(n) AS n, count(*) AS deltas
    FROM gone GROUP BY 1, 2, 3, 4, 5
  ), applied AS (
    INSERT INTO case_counts AS c (tenant_id, org_unit_id, service_id, assignee_id, status, n)
    SELECT tenant_id, org_unit_id, service_id, assignee_id, status, n FROM summed WHERE n <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ON CONSTRAINT case_counts_key DO UPDATE SET n = c.n + excluded.n
    RETURNING 1
  )
  SELECT coalesce(sum(deltas), 0)::integer INTO folded FROM summed;
  DELETE FROM case_counts WHERE n = 0;
  RETURN folded;
END $$;
REVOKE ALL ON FUNCTION case_counts_fold() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_counts_fold() TO amtsdesk_app;

-- Recounts every tenant's counters from the cases themselves: for bulk loads that ran with
-- triggers off (session_replication_role = replica, e.g. bench:desk) and as a repair tool. Locks
-- cases against writes meanwhile. Platform only: not granted to the app role.
CREATE FUNCTION case_counts_rebuild() RETURNS bigint
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE counted bigint;
BEGIN
  LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE;
  DELETE FROM case_count_deltas;
  DELETE FROM case_counts;
  INSERT INTO case_counts (tenant_id, org_unit_id, service_id, assignee_id, status, n)
  SELECT tenant_id, org_unit_id, service_id, assignee_id, status, count(*)
  FROM cases GROUP BY 1, 2, 3, 4, 5;
  SELECT coalesce(sum(n), 0) INTO counted FROM case_counts;
  RETURN counted;
END $$;
REVOKE ALL ON FUNCTION case_counts_rebuild() FROM PUBLIC, amtsdesk_app;
