-- Scheduled jobs run once per cluster (issue #19, decision 0028). Every web or worker instance may
-- run the same timers; a job's run starts only on the instance that takes its lease, and only when
-- the job is due. A lease expires on its own, so an instance killed mid-run (SIGKILL, node lost)
-- holds nothing back for longer than the lease: the next instance whose timer fires takes over.
--
-- Platform data, not tenant-owned: no tenant_id, no RLS, no personal data (job names and instance
-- ids only). The app role gets no table privileges; it works through the definer functions below.
CREATE TABLE job_leases (
  name text PRIMARY KEY,
  -- Which instance runs (or last ran) the job: host name, process id and a random part.
  holder text,
  lease_until timestamptz NOT NULL DEFAULT '-infinity',
  next_run_at timestamptz NOT NULL DEFAULT '-infinity',
  last_started_at timestamptz,
  last_finished_at timestamptz,
  runs bigint NOT NULL DEFAULT 0
);
REVOKE ALL ON job_leases FROM PUBLIC, amtsdesk_app;

-- Takes the job's lease when it is due and nobody holds it; true when taken, NULL otherwise.
-- One statement: two instances asking at once serialise on the row, exactly one gets it.
CREATE FUNCTION job_lease_claim(p_name text, p_holder text, p_lease_seconds integer)
  RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    INSERT INTO job_leases AS j (name, holder, lease_until, last_started_at, runs)
    VALUES (p_name, p_holder, clock_timestamp() + make_interval(secs => p_lease_seconds), clock_timestamp(), 1)
    ON CONFLICT (name) DO UPDATE
      SET holder = excluded.holder, lease_until = excluded.lease_until, last_started_at = excluded.last_started_at, runs = j.runs + 1
      WHERE j.lease_until <= clock_timestamp() AND j.next_run_at <= clock_timestamp()
    RETURNING true
  $$;

-- Extends a running job's lease; NULL when the holder lost it (it expired and another took it).
CREATE FUNCTION job_lease_renew(p_name text, p_holder text, p_lease_seconds integer)
  RETURNS boolean
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE job_leases SET lease_until = clock_timestamp() + make_interval(secs => p_lease_seconds)
    WHERE name = p_name AND holder = p_holder AND lease_until > clock_timestamp()
    RETURNING true
  $$;

-- Ends a run: the lease is free, and the job is next due one interval after this run started.
CREATE FUNCTION job_lease_release(p_name text, p_holder text, p_interval_ms double precision)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE job_leases
    SET lease_until = '-infinity', last_finished_at = clock_timestamp(),
        next_run_at = last_started_at + make_interval(secs => p_interval_ms / 1000.0)
    WHERE name = p_name AND holder = p_holder
  $$;

REVOKE ALL ON FUNCTION job_lease_claim(text, text, integer), job_lease_renew(text, text, integer), job_lease_release(text, text, double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION job_lease_claim(text, text, integer), job_lease_renew(text, text, integer), job_lease_release(text, text, double precision) TO amtsdesk_app;
