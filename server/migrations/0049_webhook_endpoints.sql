-- Events that are never lost (issue #17, item 3; decision 0025).
--
-- 1. webhook_endpoints: a tenant's webhook subscriptions for the versioned event catalogue, signed
--    per Standard Webhooks. General on purpose: a tenant admin registers one directly, a registered
--    Fachverfahren client owns one (owner_kind/owner_id, no foreign key: the owner lives elsewhere).
--    Each endpoint carries its circuit breaker (closed → open after N consecutive failures →
--    half_open for one probe → closed or open again).
-- 2. The catalogue's events are the tenant's hash chain (case_events): its seq is drawn under the
--    chain head's row lock, so a later seq of a tenant commits after every earlier one; the feed
--    (GET /api/events) pages over it without gaps. webhook_event_type() maps chain types to
--    catalogue types (server/src/webhooks/catalogue.ts holds the same map; its test compares).
-- 3. A statement trigger writes one outbox row per (event, subscribed endpoint) in the transaction
--    that appends the event. The row carries ordering_key = endpoint:case and ordering_seq = seq;
--    outbox_claim does not lease a row while an earlier row of the same key is still pending, so a
--    case's events reach an endpoint in order (a dead letter no longer blocks).

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  url text NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2000),
  -- whsec_<base64 of 32 random bytes> (Standard Webhooks); shown once at creation.
  secret text NOT NULL,
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 200),
  -- Catalogue types ('case.created', …) or '*' for all.
  event_types text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 50),
  owner_kind text CHECK (owner_kind IN ('client')),
  owner_id uuid,
  active boolean NOT NULL DEFAULT true,
  breaker_state text NOT NULL DEFAULT 'closed' CHECK (breaker_state IN ('closed', 'open', 'half_open')),
  consecutive_failures integer NOT NULL DEFAULT 0,
  opened_at timestamptz,
  next_probe_at timestamptz,
  last_failure text,
  last_success_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((owner_kind IS NULL) = (owner_id IS NULL))
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id) WHERE active;
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (tenant_id, owner_kind, owner_id);

ALTER TABLE webhook_endpoints ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_endpoints FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_endpoints USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints TO amtsdesk_app;

-- Ordered delivery: rows with the same ordering_key are leased in ordering_seq order.
ALTER TABLE outbox ADD COLUMN ordering_key text;
ALTER TABLE outbox ADD COLUMN ordering_seq bigint;
CREATE INDEX outbox_ordering_pending ON outbox (ordering_key, ordering_seq) WHERE status = 'pending' AND ordering_key IS NOT NULL;
-- The admin's list of a webhook's deliveries (and dead letters) by endpoint.
CREATE INDEX outbox_webhook_event ON outbox (tenant_id, status, id) WHERE kind = 'webhook_event';

-- The chain type a catalogue type comes from (null: not in the catalogue).
CREATE FUNCTION webhook_event_type(p_chain_type text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_chain_type
      WHEN 'case.created' THEN 'case.created'
      WHEN 'case.applicant_remapped' THEN 'case.changed'
      WHEN 'case.applicant_corrected' THEN 'case.changed'
      WHEN 'case.assigned' THEN 'case.assigned'
      WHEN 'case.status_changed' THEN 'case.status_changed'
      WHEN 'message.received' THEN 'message.received'
      WHEN 'decision.released' THEN 'decision.released'
      WHEN 'decision.sent' THEN 'decision.sent'
      WHEN 'case.handed_over' THEN 'case.handed_over'
      WHEN 'case.purged' THEN 'case.deleted'
    END
  $$;

-- A time-ordered id (UUIDv7 layout) for rows written in SQL, like shared/ids.ts uuidv7() in the app:
-- the admin lists page by id.
CREATE FUNCTION webhook_uuidv7() RETURNS uuid
  LANGUAGE sql VOLATILE AS $$
    SELECT encode(
      set_bit(set_bit(
        overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
        52, 1), 53, 1), 'hex')::uuid
  $$;

CREATE FUNCTION webhook_enqueue_case_events() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (id, tenant_id, kind, idempotency_key, payload, ordering_key, ordering_seq, max_attempts)
  SELECT webhook_uuidv7(), e.tenant_id, 'webhook_event',
         'webhook_event:' || w.id || ':' || e.id,
         jsonb_build_object('endpointId', w.id, 'eventId', e.id, 'seq', e.seq, 'type', webhook_event_type(e.type)),
         w.id || ':' || e.case_id, e.seq, 12
  FROM new_events e
  JOIN webhook_endpoints w ON w.tenant_id = e.tenant_id AND w.active
   AND w.event_types && ARRAY[webhook_event_type(e.type), '*']
  WHERE e.case_id IS NOT NULL AND webhook_event_type(e.type) IS NOT NULL
  ORDER BY e.seq, w.id;
  RETURN NULL;
END $$;

CREATE TRIGGER case_events_webhooks AFTER INSERT ON case_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION webhook_enqueue_case_events();

-- As in 0001, plus: a row waits while an earlier row of its ordering_key is pending.
CREATE OR REPLACE FUNCTION outbox_claim(p_limit integer, p_lease_seconds integer)
  RETURNS TABLE (id uuid, tenant_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE outbox o SET locked_until = now() + make_interval(secs => p_lease_seconds)
    WHERE o.id IN (
      SELECT c.id FROM outbox c
      WHERE c.status = 'pending' AND c.next_attempt_at <= now()
        AND (c.locked_until IS NULL OR c.locked_until < now())
        AND (c.ordering_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM outbox p
          WHERE p.ordering_key = c.ordering_key AND p.status = 'pending' AND p.ordering_seq < c.ordering_seq))
      ORDER BY c.next_attempt_at
      LIMIT p_limit
      FOR UPDATE SKIP LOCKED)
    RETURNING o.id, o.tenant_id
  $$;
