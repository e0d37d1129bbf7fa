-- xdomea 3.0 hand-over (Abgabe 0401–0403) and Aussonderung (0501–0507), issue #16.
-- Targets per tenant, processes (one ProzessID each), the messages of a process and the state of
-- each case in it. Message XML is built and parsed by server/src/xdomea/messages; these tables
-- keep only what was sent and answered, never the message content.

-- The tenant's own identity in xdomea and whether a lead hand-over makes the case read-only.
CREATE TABLE xdomea_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  authority_id text NOT NULL CHECK (char_length(authority_id) BETWEEN 1 AND 100),
  authority_name text NOT NULL CHECK (char_length(authority_name) BETWEEN 1 AND 200),
  lead_handover_read_only boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A receiver: the tenant's DMS/E-Akte, another authority, or the public archive. config: the
-- transport's settings (directory path / URL …), checked by the transport at save time.
-- shared_secret: the HMAC key both sides sign with (http transport: our POSTs, its pushed answers).
CREATE TABLE xdomea_targets (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  kind text NOT NULL CHECK (kind IN ('dms', 'authority', 'archive')),
  transport text NOT NULL CHECK (transport IN ('directory', 'http')),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  authority_id text NOT NULL CHECK (char_length(authority_id) BETWEEN 1 AND 100),
  config jsonb NOT NULL DEFAULT '{}',
  shared_secret text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One DMS and one archive per tenant; any number of other authorities.
CREATE UNIQUE INDEX xdomea_targets_one_dms_archive ON xdomea_targets (tenant_id, kind) WHERE kind IN ('dms', 'archive') AND active;

-- One exchange under one ProzessID. state: 'open' until every case has its final answer, then 'done'.
-- last_error: why the last outgoing message could not be built or sent (shown in the desk).
CREATE TABLE xdomea_processes (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  process_id uuid NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('handover', 'aussonderung')),
  target_id uuid NOT NULL REFERENCES xdomea_targets(id),
  lead boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done')),
  last_error text CHECK (last_error IS NULL OR char_length(last_error) <= 500),
  started_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX xdomea_processes_tenant ON xdomea_processes (tenant_id, created_at DESC);

-- Every message of a process, in both directions. state: queued → sent (outgoing), received or
-- refused (incoming answers that failed a check are recorded in the operator log, not here).
CREATE TABLE xdomea_messages (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  process_row_id uuid NOT NULL REFERENCES xdomea_processes(id),
  direction text NOT NULL CHECK (direction IN ('out', 'in')),
  message_type text NOT NULL CHECK (message_type ~ '^0[45]0[1-7]$'),
  file_name text NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'sent', 'received')),
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
-- A message type is sent once per process; an answer counted once per file.
CREATE UNIQUE INDEX xdomea_messages_once ON xdomea_messages (process_row_id, direction, message_type);
CREATE INDEX xdomea_messages_process ON xdomea_messages (tenant_id, process_row_id, created_at);

-- A case in a process. The case's id is its Vorgang's ID (IDSGO) in the messages.
-- Hand-over: pending → sent → received (0403) → imported (0402, with reference) | refused (reason).
-- Aussonderung: offered_pending → offered → archive | destroy (0502) → transfer_pending → transferred
-- → archived (0506 success) | refused (0506 error).
CREATE TABLE xdomea_process_cases (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  process_row_id uuid NOT NULL REFERENCES xdomea_processes(id),
  process_kind text NOT NULL CHECK (process_kind IN ('handover', 'aussonderung')),
  case_id uuid NOT NULL REFERENCES cases(id),
  case_number text NOT NULL,
  state text NOT NULL CHECK (state IN (
    'pending', 'sent', 'received', 'imported', 'refused',
    'offered_pending', 'offered', 'archive', 'destroy', 'transfer_pending', 'transferred', 'archived')),
  reference text CHECK (reference IS NULL OR char_length(reference) <= 500),
  reason text CHECK (reason IS NULL OR char_length(reason) <= 1000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (process_row_id, case_id)
);
-- At most one hand-over of a case waits for its answer at a time (the second one is refused: 409).
CREATE UNIQUE INDEX xdomea_process_cases_one_pending ON xdomea_process_cases (tenant_id, case_id)
  WHERE process_kind = 'handover' AND state IN ('pending', 'sent', 'received');
CREATE INDEX xdomea_process_cases_case ON xdomea_process_cases (tenant_id, case_id);

-- A case handed over as the lead record is read-only from then on (unless the tenant says otherwise).
ALTER TABLE cases ADD COLUMN read_only_since timestamptz;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['xdomea_settings', 'xdomea_targets', 'xdomea_processes', 'xdomea_messages', 'xdomea_process_cases'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO amtsdesk_app', t);
  END LOOP;
END $$;

-- Pushed answers arrive before any tenant is known: the signed endpoint finds the target (and so the
-- tenant) by its id and checks the HMAC with its secret. Only active http targets with a secret.
CREATE FUNCTION xdomea_inbound_target(p_slug text, p_target_id uuid)
  RETURNS TABLE (tenant_id uuid, shared_secret text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT x.tenant_id, x.shared_secret FROM xdomea_targets x JOIN tenants t ON t.id = x.tenant_id
    WHERE t.slug = p_slug AND x.id = p_target_id AND x.active AND x.shared_secret IS NOT NULL
  $$;

-- Targets whose answers are fetched by polling (directory inbox, http with a poll URL), all tenants.
CREATE FUNCTION xdomea_polled_targets()
  RETURNS TABLE (tenant_id uuid, target_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT x.tenant_id, x.id FROM xdomea_targets x
    WHERE x.active AND (x.transport = 'directory' OR x.config ? 'pollUrl')
  $$;

REVOKE ALL ON FUNCTION xdomea_inbound_target(text, uuid), xdomea_polled_targets() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION xdomea_inbound_target(text, uuid), xdomea_polled_targets() TO amtsdesk_app;
