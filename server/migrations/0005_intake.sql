-- Intake: platform-wide sender tokens, the unrouted/failed queue, per-tenant intake settings and
-- FIT-Connect destinations. Runs unchanged on PGlite and PostgreSQL.

-- Platform tables (no tenant content) ------------------------------------------------------------
-- A form server that serves many municipalities authenticates with one of these.
CREATE TABLE intake_platform_tokens (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Submissions no tenant could be found for (or that failed after receipt, e.g. FIT-Connect
-- decryption). Never dropped: platform operators route or reject them.
CREATE TABLE unrouted_submissions (
  id uuid PRIMARY KEY,
  channel text NOT NULL,
  transaction_id text,
  status text NOT NULL DEFAULT 'pending', -- pending | routed | rejected
  kind text NOT NULL DEFAULT 'unrouted',  -- unrouted | failed
  reason_code text NOT NULL,
  reason text NOT NULL,
  routing_hints jsonb NOT NULL,
  submission jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by uuid,
  resolution jsonb
);
CREATE UNIQUE INDEX unrouted_transaction ON unrouted_submissions (channel, transaction_id) WHERE transaction_id IS NOT NULL;
CREATE INDEX unrouted_pending ON unrouted_submissions (status, received_at DESC);

-- Tenant-owned tables ----------------------------------------------------------------------------
CREATE TABLE intake_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  notify_email boolean NOT NULL DEFAULT false,
  allow_executables boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fit_connect_destinations (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  destination_id uuid NOT NULL UNIQUE,
  submission_api_url text NOT NULL,
  -- Private JWK (RSA-OAEP-256) for decrypting submissions. Never logged, never returned by the API.
  private_jwk jsonb NOT NULL,
  callback_secret text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['intake_settings','fit_connect_destinations']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

-- Narrow cross-tenant entry points for routing ------------------------------------------------------
-- Which tenants offer one of these services (LeiKa keys), optionally restricted to some tenants.
CREATE FUNCTION intake_find_services(p_leika_keys text[], p_tenant_ids uuid[])
  RETURNS TABLE (tenant_id uuid, service_id uuid, org_unit_id uuid, leika_key text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.tenant_id, s.id, s.org_unit_id, s.leika_key FROM services s
    WHERE s.leika_key = ANY(p_leika_keys)
      AND (p_tenant_ids IS NULL OR s.tenant_id = ANY(p_tenant_ids))
  $$;

-- The tenant a FIT-Connect destination belongs to (the key itself stays behind RLS).
CREATE FUNCTION intake_fit_destination_tenant(p_destination_id uuid)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT d.tenant_id FROM fit_connect_destinations d WHERE d.destination_id = p_destination_id AND d.active
  $$;

-- All active destinations for the poller: ids and tenants only.
CREATE FUNCTION intake_fit_destinations_all()
  RETURNS TABLE (tenant_id uuid, destination_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT d.tenant_id, d.destination_id FROM fit_connect_destinations d WHERE d.active
  $$;

-- Users to notify of a new case are read inside the tenant context (RLS), no function needed.

GRANT SELECT, INSERT, UPDATE ON intake_platform_tokens, unrouted_submissions TO amtsdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON intake_settings, fit_connect_destinations TO amtsdesk_app;
GRANT EXECUTE ON FUNCTION intake_find_services(text[], uuid[]), intake_fit_destination_tenant(uuid),
  intake_fit_destinations_all() TO amtsdesk_app;
