-- Fachverfahren as registered clients of a tenant (issue #17, items 1 and 2; docs/integration.md,
-- decision 0024). A tenant admin registers a specialised procedure with the services it handles and
-- its scopes; Amtsdesk issues OAuth2 client credentials (secret stored as SHA-256 only) and
-- short-lived opaque access tokens (stored as SHA-256 only, so revoking the client ends them at once).
CREATE TABLE fachverfahren_clients (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- The public OAuth2 client_id (adkc_…), unique across the installation: the token endpoint finds the tenant by it.
  client_id text NOT NULL UNIQUE,
  -- Null after a tenant import (secrets are not exported): the admin issues a new secret.
  secret_hash text,
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  scopes text[] NOT NULL,
  service_ids uuid[] NOT NULL DEFAULT '{}',
  -- Where the events branch delivers webhooks; checked by the SSRF guard when saved and when used.
  webhook_url text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  secret_rotated_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE UNIQUE INDEX fachverfahren_clients_name ON fachverfahren_clients (tenant_id, lower(name)) WHERE revoked_at IS NULL;

CREATE TABLE fachverfahren_access_tokens (
  token_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  client_id uuid NOT NULL REFERENCES fachverfahren_clients(id),
  scopes text[] NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX fachverfahren_access_tokens_expiry ON fachverfahren_access_tokens (expires_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['fachverfahren_clients', 'fachverfahren_access_tokens']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON fachverfahren_clients TO amtsdesk_app;
GRANT SELECT, INSERT, DELETE ON fachverfahren_access_tokens TO amtsdesk_app;

-- Where new cases of a service go (placeCase): the desk, a Fachverfahren, or both.
ALTER TABLE services
  ADD COLUMN new_cases_to text NOT NULL DEFAULT 'desk' CHECK (new_cases_to IN ('desk', 'fachverfahren', 'both')),
  ADD COLUMN new_cases_client_id uuid REFERENCES fachverfahren_clients(id),
  ADD CONSTRAINT services_new_cases_client CHECK ((new_cases_to = 'desk') = (new_cases_client_id IS NULL));

-- A case handed over to a Fachverfahren ("an Fachverfahren X übergeben"). Exclusive: people read it
-- and may take it back, but its status and assignee change only through the Fachverfahren.
ALTER TABLE cases
  ADD COLUMN handler_client_id uuid REFERENCES fachverfahren_clients(id),
  ADD COLUMN handler_exclusive boolean NOT NULL DEFAULT false;

-- A note is written by a person or by a Fachverfahren.
ALTER TABLE notes
  ALTER COLUMN author_id DROP NOT NULL,
  ADD COLUMN author_client_id uuid REFERENCES fachverfahren_clients(id),
  ADD CONSTRAINT notes_one_author CHECK (num_nonnulls(author_id, author_client_id) = 1);

-- The token endpoint knows only the client_id: which tenant's client is it (cross-tenant look-up).
CREATE FUNCTION fachverfahren_lookup_client(p_client_id text)
  RETURNS TABLE (id uuid, tenant_id uuid, secret_hash text, scopes text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT c.id, c.tenant_id, c.secret_hash, c.scopes FROM fachverfahren_clients c
    WHERE c.client_id = p_client_id AND c.revoked_at IS NULL
  $$;

-- A bearer access token → the client principal; expired tokens and revoked clients find nothing.
CREATE FUNCTION fachverfahren_resolve_token(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, client_id uuid, name text, scopes text[], service_ids uuid[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT t.tenant_id, c.id, c.name, t.scopes, c.service_ids FROM fachverfahren_access_tokens t
    JOIN fachverfahren_clients c ON c.id = t.client_id AND c.tenant_id = t.tenant_id
    WHERE t.token_hash = p_token_hash AND t.expires_at > now() AND c.revoked_at IS NULL
  $$;

REVOKE ALL ON FUNCTION fachverfahren_lookup_client(text), fachverfahren_resolve_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fachverfahren_lookup_client(text), fachverfahren_resolve_token(text) TO amtsdesk_app;

-- A Fachverfahren's reads of personal data are logged like a person's or an API key's.
ALTER TABLE access_log DROP CONSTRAINT access_log_actor_kind_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_actor_kind_check CHECK (actor_kind IN ('user', 'token', 'client'));
