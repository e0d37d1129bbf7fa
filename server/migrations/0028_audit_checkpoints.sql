-- Signed checkpoints of the per-tenant hash chains (docs/security.md, "Tamper-evident history").
-- A checkpoint states "tenant T's chain had event seq S with hash H at time C", signed with the
-- installation's Ed25519 key. The statement is stored exactly as signed and published (one JSON
-- line), so the database copy and the published copy are byte for byte the same document.
-- Tenant-owned like the chain it attests: tenant_id + row-level security. The checkpoint job works
-- across tenants through the narrow definer functions below, never through a bypassing role.
CREATE TABLE audit_checkpoints (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  seq bigint NOT NULL,
  head_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  key_fingerprint text NOT NULL,
  statement text NOT NULL,
  -- Publishing happens after commit and is retried by the next run until it succeeded.
  published_file_at timestamptz,
  published_url_at timestamptz
);
CREATE INDEX audit_checkpoints_tenant ON audit_checkpoints (tenant_id, seq DESC, created_at DESC);
CREATE INDEX audit_checkpoints_created ON audit_checkpoints (created_at DESC);
CREATE INDEX audit_checkpoints_unpublished_file ON audit_checkpoints (created_at) WHERE published_file_at IS NULL;
CREATE INDEX audit_checkpoints_unpublished_url ON audit_checkpoints (created_at) WHERE published_url_at IS NULL;

ALTER TABLE audit_checkpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_checkpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_checkpoints USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
-- The app reads a tenant's checkpoints (verification); writing goes through the functions below, so
-- a checkpoint is written once and only its publishing marks change afterwards.
GRANT SELECT ON audit_checkpoints TO amtsdesk_app;

-- Refuses to answer when the owner cannot see every tenant (same guard as blobs_referenced, 0011).
CREATE FUNCTION audit_assert_sees_all(p_caller text) RETURNS void
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = current_user AND (r.rolsuper OR r.rolbypassrls)) THEN
    RAISE EXCEPTION '%: owner % is subject to row-level security and cannot see every tenant', p_caller, current_user;
  END IF;
END $$;

-- When the newest checkpoint of the installation was taken (the "at most one per interval" gate).
CREATE FUNCTION audit_checkpoint_latest_at() RETURNS timestamptz
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM audit_assert_sees_all('audit_checkpoint_latest_at');
  RETURN (SELECT max(c.created_at) FROM audit_checkpoints c);
END $$;

-- Chain heads that moved since the tenant's latest checkpoint, with what the chain holds today at
-- that checkpoint's seq: the job refuses to sign a chain that no longer contains its last checkpoint.
-- Hashes and sequence numbers only; no event content leaves this function.
CREATE FUNCTION audit_checkpoint_due()
  RETURNS TABLE (tenant_id uuid, last_seq bigint, last_hash text, checkpoint_seq bigint, checkpoint_hash text, hash_at_checkpoint text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM audit_assert_sees_all('audit_checkpoint_due');
  RETURN QUERY
    SELECT h.tenant_id, h.last_seq, h.last_hash, c.seq, c.head_hash, e.hash
    FROM event_chain_heads h
    LEFT JOIN LATERAL (SELECT x.seq, x.head_hash FROM audit_checkpoints x WHERE x.tenant_id = h.tenant_id
                       ORDER BY x.created_at DESC, x.seq DESC LIMIT 1) c ON true
    LEFT JOIN case_events e ON e.tenant_id = h.tenant_id AND e.seq = c.seq
    WHERE h.last_seq > 0 AND (c.seq IS NULL OR c.seq <> h.last_seq OR c.head_hash <> h.last_hash)
    ORDER BY h.tenant_id;
END $$;

-- Stores signed checkpoints of several tenants in one statement.
CREATE FUNCTION audit_checkpoints_record(p_rows jsonb) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE n integer;
BEGIN
  PERFORM audit_assert_sees_all('audit_checkpoints_record');
  INSERT INTO audit_checkpoints (id, tenant_id, seq, head_hash, created_at, key_fingerprint, statement)
    SELECT r.id, r.tenant_id, r.seq, r.head_hash, r.created_at, r.key_fingerprint, r.statement
    FROM jsonb_to_recordset(p_rows) AS r(id uuid, tenant_id uuid, seq bigint, head_hash text, created_at timestamptz,
                                         key_fingerprint text, statement text);
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- Signed statements not yet published to a target ('file' or 'url'), oldest first.
CREATE FUNCTION audit_checkpoints_unpublished(p_target text, p_limit integer)
  RETURNS TABLE (id uuid, statement text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM audit_assert_sees_all('audit_checkpoints_unpublished');
  IF p_target = 'file' THEN
    RETURN QUERY SELECT c.id, c.statement FROM audit_checkpoints c WHERE c.published_file_at IS NULL ORDER BY c.created_at, c.id LIMIT p_limit;
  ELSIF p_target = 'url' THEN
    RETURN QUERY SELECT c.id, c.statement FROM audit_checkpoints c WHERE c.published_url_at IS NULL ORDER BY c.created_at, c.id LIMIT p_limit;
  ELSE
    RAISE EXCEPTION 'audit_checkpoints_unpublished: unknown target %', p_target;
  END IF;
END $$;

CREATE FUNCTION audit_checkpoints_mark_published(p_target text, p_ids uuid[]) RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM audit_assert_sees_all('audit_checkpoints_mark_published');
  IF p_target = 'file' THEN
    UPDATE audit_checkpoints SET published_file_at = now() WHERE id = ANY (p_ids) AND published_file_at IS NULL;
  ELSIF p_target = 'url' THEN
    UPDATE audit_checkpoints SET published_url_at = now() WHERE id = ANY (p_ids) AND published_url_at IS NULL;
  ELSE
    RAISE EXCEPTION 'audit_checkpoints_mark_published: unknown target %', p_target;
  END IF;
END $$;

REVOKE ALL ON FUNCTION audit_assert_sees_all(text), audit_checkpoint_latest_at(), audit_checkpoint_due(),
  audit_checkpoints_record(jsonb), audit_checkpoints_unpublished(text, integer),
  audit_checkpoints_mark_published(text, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_checkpoint_latest_at(), audit_checkpoint_due(), audit_checkpoints_record(jsonb),
  audit_checkpoints_unpublished(text, integer), audit_checkpoints_mark_published(text, uuid[]) TO amtsdesk_app;
