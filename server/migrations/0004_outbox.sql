-- Outbox metrics: the worker's Prometheus gauges count open messages of all tenants. Like
-- outbox_claim this is a narrow SECURITY DEFINER entry point: it returns counts only, no content.
CREATE OR REPLACE FUNCTION outbox_counts()
  RETURNS TABLE (kind text, status text, n bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT o.kind, o.status, count(*) FROM outbox o
    WHERE o.status IN ('pending', 'dead') GROUP BY o.kind, o.status
  $$;

GRANT EXECUTE ON FUNCTION outbox_counts() TO amtsdesk_app;
