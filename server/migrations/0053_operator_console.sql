-- The operator console (issue #19, item 5). Platform tables only: none of them holds case content.
-- Runs on PGlite and PostgreSQL.

-- What operators did (provisioning, invitations, parked submissions, dead letters, checkpoints,
-- intake tokens, sign-ins). Append-only for the app: a console that could rewrite its own audit
-- would prove nothing. `detail` holds ids, codes and the operator's own reason text, never content
-- of an application. No foreign key to tenants: the line outlives a tenant that is removed.
CREATE TABLE platform_audit (
  id uuid PRIMARY KEY,
  operator_id uuid NOT NULL REFERENCES operators(id),
  operator_name text NOT NULL,
  action text NOT NULL,
  tenant_id uuid,
  subject_id text,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX platform_audit_at ON platform_audit (at DESC, id DESC);
CREATE INDEX platform_audit_by_operator ON platform_audit (operator_id, at DESC, id DESC);
REVOKE UPDATE, DELETE ON platform_audit FROM amtsdesk_app;

-- Every running process says who it is every few seconds (web or worker, version, host). The
-- console lists those seen recently; rows of processes gone for a day are removed by the heartbeat.
CREATE TABLE instances (
  id text PRIMARY KEY,
  role text NOT NULL,
  version text NOT NULL,
  host text NOT NULL,
  started_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL
);
CREATE INDEX instances_seen ON instances (last_seen_at DESC);

-- Storage per tenant, measured (one grouped pass over attachments) by tenant_usage_refresh(), not
-- summed per request: the tenant list must stay fast with 1,500 tenants and millions of files.
CREATE TABLE tenant_usage (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  storage_bytes bigint NOT NULL,
  files bigint NOT NULL,
  measured_at timestamptz NOT NULL
);
REVOKE ALL ON tenant_usage FROM amtsdesk_app;
GRANT SELECT ON tenant_usage TO amtsdesk_app;

CREATE FUNCTION tenant_usage_refresh() RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE n integer;
BEGIN
  -- Several instances may run the job: one measures, the others skip.
  IF NOT pg_try_advisory_xact_lock(hashtext('tenant_usage_refresh')) THEN RETURN 0; END IF;
  INSERT INTO tenant_usage (tenant_id, storage_bytes, files, measured_at)
  SELECT t.id, coalesce(a.bytes, 0), coalesce(a.files, 0), now()
  FROM tenants t
  LEFT JOIN (SELECT tenant_id, sum(size_bytes)::bigint AS bytes, count(*)::bigint AS files FROM attachments GROUP BY tenant_id) a
    ON a.tenant_id = t.id
  ON CONFLICT (tenant_id) DO UPDATE SET storage_bytes = excluded.storage_bytes, files = excluded.files, measured_at = excluded.measured_at;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- One page of the tenant directory with activity and size, for operators. Cases come from the
-- status counters (0034; totals plus deltas not yet folded), the last intake from one probe of the
-- cases_inbox index per tenant on the page, storage from tenant_usage: no pass over a tenant's cases.
-- Keyset paging by (name, id); p_query filters name, slug or AGS.
CREATE FUNCTION platform_tenant_overview(p_query text, p_after_name text, p_after_id uuid, p_limit integer)
  RETURNS TABLE (id uuid, slug text, name text, kind text, ags text, status text, created_at timestamptz,
                 cases bigint, last_intake_at timestamptz, storage_bytes bigint, files bigint, usage_measured_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH page AS (
    SELECT t.* FROM tenants t
    WHERE (p_query IS NULL OR t.name ILIKE '%' || p_query || '%' OR t.slug ILIKE '%' || p_query || '%' OR t.ags LIKE p_query || '%')
      AND (p_after_name IS NULL OR (t.name, t.id) > (p_after_name, p_after_id))
    ORDER BY t.name, t.id
    LIMIT p_limit
  )
  SELECT p.id, p.slug, p.name, p.kind, p.ags, p.status, p.created_at,
    coalesce((SELECT sum(c.n) FROM case_counts c WHERE c.tenant_id = p.id), 0)::bigint
      + coalesce((SELECT sum(d.n) FROM case_count_deltas d WHERE d.tenant_id = p.id), 0)::bigint,
    (SELECT max(k.received_at) FROM cases k WHERE k.tenant_id = p.id),
    u.storage_bytes, u.files, u.measured_at
  FROM page p LEFT JOIN tenant_usage u ON u.tenant_id = p.id
  ORDER BY p.name, p.id
$$;

-- Which tenant a dead letter belongs to, so an operator's retry runs in that tenant's context.
CREATE FUNCTION outbox_dead_letter_tenant(p_id uuid) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT o.tenant_id FROM outbox o WHERE o.id = p_id AND o.status = 'dead'
$$;

GRANT SELECT, INSERT ON platform_audit TO amtsdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON instances TO amtsdesk_app;
GRANT EXECUTE ON FUNCTION tenant_usage_refresh(), platform_tenant_overview(text, text, uuid, integer), outbox_dead_letter_tenant(uuid) TO amtsdesk_app;
