-- Postfach adapters of a tenant: BundID / Zentrales Bürgerpostfach (ZBP), OSI Postfach, BayernID
-- Postkorb and Mein Unternehmenskonto (MUK). One row per tenant and channel. Secrets (client
-- secret, private keys) are written by the admin API and never read back by it.
-- docs/decisions/0012-postfach-adapters.md. Runs unchanged on PGlite and PostgreSQL.

CREATE TABLE postfach_settings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  channel text NOT NULL CHECK (channel IN ('bundid', 'osi', 'bayernid', 'muk')),
  enabled boolean NOT NULL DEFAULT false,
  -- bundid only: 'rest' (ZBP REST interface, inside NdB / Verbindungsnetz) or 'fit_connect' (bridge)
  mode text CHECK (mode IN ('rest', 'fit_connect', 'gateway')),
  base_url text,                -- ZBP REST base / FIT-Connect Submission API / Postfach gateway
  token_url text,               -- OAuth2 token endpoint (client credentials)
  destination_url text,         -- FIT-Connect Destination API (bridge only)
  destination_id text,          -- FIT-Connect destination of the ZBP bridge
  client_id text,
  client_secret text,           -- secret
  signing_key text,             -- secret: PEM private key (BPKI) that signs ZBP messages; in
                                -- 'rest' mode it is also the TLS client key (mutual TLS)
  certificate text,             -- PEM certificate belonging to signing_key (public)
  tls_ca text,                  -- PEM CA the service's server certificate chains to (e.g. DOI/BPKI)
  sender_name text,             -- shown as sender in the Postfach; default: the tenant's name
  reply_address text,           -- ZBP replyAddress (where applicants may answer); optional
  status_monitor boolean NOT NULL DEFAULT false,   -- bundid: send application status messages
  poll_cursor text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, channel)
);

ALTER TABLE postfach_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE postfach_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON postfach_settings USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());

-- Tenants and channels whose Postfach gateway is polled for replies (ids only, no settings).
CREATE FUNCTION postfach_polled_channels()
  RETURNS TABLE (tenant_id uuid, channel text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.tenant_id, s.channel FROM postfach_settings s
    WHERE s.enabled AND s.mode = 'gateway' AND s.base_url IS NOT NULL
  $$;

GRANT SELECT, INSERT, UPDATE ON postfach_settings TO amtsdesk_app;
REVOKE ALL ON FUNCTION postfach_polled_channels() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION postfach_polled_channels() TO amtsdesk_app;
