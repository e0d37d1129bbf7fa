-- /readyz compares the migrations this release ships with the ones applied, so an instance whose
-- schema is behind its code reports "not ready" instead of failing requests. The app role may read
-- the names (nothing else is in this table).
GRANT SELECT ON schema_migrations TO amtsdesk_app;

-- Outbox lag for the metrics: per kind, how long the oldest due message has been waiting. Like
-- outbox_counts (0004) a narrow SECURITY DEFINER entry point returning numbers only.
CREATE OR REPLACE FUNCTION outbox_lag()
  RETURNS TABLE (kind text, oldest_due_seconds double precision)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT o.kind, extract(epoch FROM now() - min(o.next_attempt_at))::double precision FROM outbox o
    WHERE o.status = 'pending' AND o.next_attempt_at <= now() GROUP BY o.kind
  $$;

REVOKE ALL ON FUNCTION outbox_lag() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outbox_lag() TO amtsdesk_app;
