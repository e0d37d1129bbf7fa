-- Erasable history and the purge (issue #15, docs/decisions/0021-erasable-history.md).
-- Runs on PGlite and PostgreSQL.
--
-- Event format 2: the event hash covers a salted hash of the payload (data_hash), not the payload,
-- so a purge can erase the payload and its salt and leave a tombstone while the chain still
-- verifies. Format 1 events (everything written before this migration) keep their hashes, so every
-- chain and every signed, published checkpoint stays valid. Each chain with format 1 events gets a
-- seal event (chain.format_migrated) committing to all format 1 headers and hashes: after a purge
-- erased a format 1 payload, the seal still vouches for that event's header.

ALTER TABLE case_events
  ADD COLUMN format smallint NOT NULL DEFAULT 1,
  ADD COLUMN data_salt text,
  ADD COLUMN data_hash text,
  -- Set by a purge: { erasedAt, orderId, listId, reason }. Never contains personal data.
  ADD COLUMN tombstone jsonb;
-- From now on every writer names the format: an old version still running after this migration
-- fails loudly instead of writing events the verifier would flag.
ALTER TABLE case_events ALTER COLUMN format DROP DEFAULT;
ALTER TABLE case_events ALTER COLUMN data DROP NOT NULL;
ALTER TABLE case_events
  ADD CONSTRAINT case_events_format CHECK (format IN (1, 2)),
  ADD CONSTRAINT case_events_format_hash CHECK ((format = 1 AND data_hash IS NULL) OR (format = 2 AND data_hash IS NOT NULL)),
  ADD CONSTRAINT case_events_payload_or_tombstone CHECK (data IS NOT NULL OR tombstone IS NOT NULL);
-- A purged case's row is deleted; its history stays (tombstoned) and keeps the case id as a bare
-- reference, like the access log and the deletion log.
ALTER TABLE case_events DROP CONSTRAINT case_events_case_id_fkey;

-- The digest over a tenant's format 1 events (header and hash, without payload), in chain order.
-- events/format.ts (legacyCommitment, LegacyRoot) computes the same value.
CREATE FUNCTION case_events_legacy_root(p_tenant uuid, OUT events bigint, OUT root text)
  LANGUAGE sql STABLE AS $$
    SELECT count(*),
           encode(sha256(convert_to('amtsdesk-legacy-root:' || p_tenant::text || ':' || coalesce(string_agg(
             encode(sha256(convert_to(concat_ws(E'\n', e.seq::text, e.id::text, coalesce(e.case_id::text, ''), e.type, e.actor_kind,
               coalesce(e.actor_id::text, ''), encode(sha256(convert_to(e.actor_name, 'UTF8')), 'hex'),
               floor(extract(epoch FROM e.occurred_at) * 1000)::bigint::text, e.prev_hash, e.hash), 'UTF8')), 'hex'),
             '' ORDER BY e.seq), ''), 'UTF8')), 'hex')
    FROM case_events e WHERE e.tenant_id = p_tenant AND e.format = 1
  $$;

-- Appends the seal (a format 2 event) to a tenant's chain; the document hashed here is exactly
-- what events/format.ts eventHashV2 and payloadHash build (keys sorted, no spaces).
CREATE FUNCTION case_events_seal_legacy(p_tenant uuid) RETURNS void
  LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_legacy record;
  v_seq bigint;
  v_prev text;
  v_id uuid := gen_random_uuid();
  v_at timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_salt text := substr(encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'), 1, 32);
  v_data text;
  v_data_hash text;
  v_hash text;
BEGIN
  SELECT * INTO v_legacy FROM case_events_legacy_root(p_tenant);
  IF v_legacy.events = 0 THEN RETURN; END IF;
  SELECT h.last_seq, h.last_hash INTO v_seq, v_prev FROM event_chain_heads h WHERE h.tenant_id = p_tenant FOR UPDATE;
  v_seq := v_seq + 1;
  v_data := '{"legacyEvents":' || v_legacy.events::text || ',"legacyRoot":"' || v_legacy.root || '"}';
  v_data_hash := encode(sha256(convert_to('{"data":' || v_data || ',"salt":"' || v_salt || '"}', 'UTF8')), 'hex');
  v_hash := encode(sha256(convert_to(
    '{"actorId":null,"actorKind":"system","actorName":"System","caseId":null,"dataHash":"' || v_data_hash
    || '","id":"' || v_id::text || '","occurredAt":"' || to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    || '","prevHash":"' || v_prev || '","seq":' || v_seq::text || ',"tenantId":"' || p_tenant::text
    || '","type":"chain.format_migrated","v":2}', 'UTF8')), 'hex');
  INSERT INTO case_events (tenant_id, seq, id, case_id, type, actor_kind, actor_id, actor_name, data, occurred_at, prev_hash, hash,
                           format, data_salt, data_hash)
  VALUES (p_tenant, v_seq, v_id, NULL, 'chain.format_migrated', 'system', NULL, 'System', v_data::jsonb, v_at, v_prev, v_hash,
          2, v_salt, v_data_hash);
  UPDATE event_chain_heads SET last_seq = v_seq, last_hash = v_hash WHERE tenant_id = p_tenant;
END $$;
REVOKE ALL ON FUNCTION case_events_legacy_root(uuid), case_events_seal_legacy(uuid) FROM PUBLIC;

SELECT case_events_seal_legacy(t.tenant_id) FROM (SELECT DISTINCT tenant_id FROM case_events ORDER BY 1) t;

-- Purge orders: a lease, so two server instances never work on the same order at once, and the
-- leftovers (blob hashes, mail files, the deletion log's facts) that outlive the case's rows until
-- the files are gone. They hold hashes and file names derived from ids, no personal data.
ALTER TABLE purge_orders ADD COLUMN locked_until timestamptz, ADD COLUMN leftovers jsonb;

-- The purge worker leases due orders of all tenants, then works on each inside its tenant context.
CREATE FUNCTION purge_orders_claim(p_limit integer, p_lease_seconds integer)
  RETURNS TABLE (id uuid, tenant_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE purge_orders o SET locked_until = now() + make_interval(secs => p_lease_seconds)
    WHERE o.id IN (
      SELECT c.id FROM purge_orders c
      WHERE c.state IN ('pending', 'running') AND (c.locked_until IS NULL OR c.locked_until < now())
      ORDER BY c.requested_at
      LIMIT p_limit
      FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.tenant_id
  $$;

-- A final decision and its document can't be changed or deleted, except by the purge of its case.
CREATE OR REPLACE FUNCTION purge_running_for(p_tenant uuid, p_case uuid) RETURNS boolean
  LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM purge_orders o WHERE o.tenant_id = p_tenant AND o.case_id = p_case AND o.state = 'running')
  $$;

CREATE OR REPLACE FUNCTION decisions_freeze() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('released', 'sent') AND NOT purge_running_for(OLD.tenant_id, OLD.case_id) THEN
      RAISE EXCEPTION 'decision % is final', OLD.id;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status IN ('released', 'sent') AND (
       NEW.text IS DISTINCT FROM OLD.text OR NEW.pdf_sha256 IS DISTINCT FROM OLD.pdf_sha256
       OR NEW.attachment_id IS DISTINCT FROM OLD.attachment_id OR NEW.kind IS DISTINCT FROM OLD.kind
       OR NEW.case_id IS DISTINCT FROM OLD.case_id OR (OLD.status = 'sent' AND NEW.status <> 'sent')) THEN
    RAISE EXCEPTION 'decision % is final', OLD.id;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION decision_attachments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND purge_running_for(OLD.tenant_id, OLD.case_id) THEN RETURN OLD; END IF;
  RAISE EXCEPTION 'decision document % is immutable', OLD.id;
END $$;

-- Deletes a case's records and tombstones its history, in the caller's transaction and tenant.
-- The app role can't delete notes, messages, decisions, holds or change events; this function
-- can, and only for a case whose purge order is running and that no active legal hold protects.
-- Returns how many event payloads it erased. Idempotent: a second call finds nothing left.
CREATE FUNCTION purge_case_records(p_case uuid, p_tombstone jsonb) RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_tenant uuid := current_tenant_id();
  v_erased integer;
BEGIN
  IF v_tenant IS NULL OR NOT purge_running_for(v_tenant, p_case) THEN
    RAISE EXCEPTION 'purge_case_records: no running purge order for case %', p_case;
  END IF;
  IF EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = v_tenant AND h.case_id = p_case AND h.released_at IS NULL) THEN
    RAISE EXCEPTION 'purge_case_records: case % is under legal hold', p_case;
  END IF;
  UPDATE case_events SET data = NULL, data_salt = NULL, tombstone = p_tombstone
    WHERE tenant_id = v_tenant AND case_id = p_case AND tombstone IS NULL;
  GET DIAGNOSTICS v_erased = ROW_COUNT;
  DELETE FROM notifications WHERE tenant_id = v_tenant AND case_id = p_case;
  DELETE FROM message_attachments ma USING messages m
    WHERE ma.tenant_id = v_tenant AND m.tenant_id = v_tenant AND ma.message_id = m.id AND m.case_id = p_case;
  DELETE FROM messages WHERE tenant_id = v_tenant AND case_id = p_case;
  DELETE FROM decisions WHERE tenant_id = v_tenant AND case_id = p_case;
  DELETE FROM attachments WHERE tenant_id = v_tenant AND case_id = p_case;
  DELETE FROM notes WHERE tenant_id = v_tenant AND case_id = p_case;
  DELETE FROM follow_ups WHERE tenant_id = v_tenant AND case_id = p_case;
  DELETE FROM legal_holds WHERE tenant_id = v_tenant AND case_id = p_case;
  -- A parked submission that became this case: its content goes, its resolution (ids) stays so a
  -- resubmission of the same transaction is still recognised.
  UPDATE unrouted_submissions SET submission = '{}'::jsonb, routing_hints = '{}'::jsonb
    WHERE resolution->>'tenantId' = v_tenant::text AND resolution->>'caseId' = p_case::text;
  DELETE FROM cases WHERE tenant_id = v_tenant AND id = p_case;
  RETURN v_erased;
END $$;

REVOKE ALL ON FUNCTION purge_orders_claim(integer, integer), purge_case_records(uuid, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION purge_orders_claim(integer, integer), purge_case_records(uuid, jsonb), purge_running_for(uuid, uuid) TO amtsdesk_app;
