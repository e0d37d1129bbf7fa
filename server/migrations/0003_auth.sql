-- Staff sign-in: invitation lookup across tenants and short-lived OpenID Connect login state.

-- Invitation links carry only a random token; the tenant is found through its hash.
CREATE INDEX users_invite_token ON users (invite_token_hash) WHERE invite_token_hash IS NOT NULL;

CREATE FUNCTION auth_lookup_invite(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, user_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT u.tenant_id, u.id FROM users u
    WHERE u.invite_token_hash = p_token_hash AND u.invite_expires_at > now() AND u.active
  $$;

-- One row per started OIDC sign-in (authorization code + PKCE); consumed once by the callback.
CREATE TABLE oidc_login_states (
  state_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_login_states_expiry ON oidc_login_states (expires_at);

ALTER TABLE oidc_login_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE oidc_login_states FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON oidc_login_states USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());

-- The callback knows only the state; it takes the row (one-time) and learns the tenant from it.
CREATE FUNCTION oidc_take_login_state(p_state_hash text)
  RETURNS TABLE (tenant_id uuid, code_verifier text, nonce text, expires_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DELETE FROM oidc_login_states s WHERE s.state_hash = p_state_hash
    RETURNING s.tenant_id, s.code_verifier, s.nonce, s.expires_at
  $$;

CREATE FUNCTION oidc_purge_login_states()
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DELETE FROM oidc_login_states WHERE expires_at < now()
  $$;

GRANT SELECT, INSERT, DELETE ON oidc_login_states TO amtsdesk_app;
GRANT EXECUTE ON FUNCTION auth_lookup_invite(text), oidc_take_login_state(text), oidc_purge_login_states() TO amtsdesk_app;
