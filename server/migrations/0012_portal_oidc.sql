-- OpenID Connect sign-in for the citizen portal (user-account services such as BundID, BayernID,
-- Servicekonto). Applicants signed in this way may have no e-mail address; their account is known by
-- the identity provider's identifier (the mailbox identifier of their applications).
ALTER TABLE portal_accounts ALTER COLUMN email DROP NOT NULL;
CREATE UNIQUE INDEX portal_accounts_mailbox_identifier ON portal_accounts (tenant_id, mailbox_identifier)
  WHERE mailbox_identifier IS NOT NULL;
-- The portal finds an applicant's cases by the mailbox identifier of the application.
CREATE INDEX cases_applicant_mailbox ON cases ((applicant->'mailbox'->>'identifier'));

-- What this sign-in proved: 'link' sessions see the account's e-mail address; 'oidc' sessions see the
-- identifier and the e-mail address the provider confirmed in this very sign-in, plus the trust level
-- (STORK-QAA level from the acr claim).
ALTER TABLE portal_sessions
  ADD COLUMN method text NOT NULL DEFAULT 'link',
  ADD COLUMN mailbox_identifier text,
  ADD COLUMN verified_email text,
  ADD COLUMN trust_level text;

-- Started OpenID Connect sign-ins of the portal share the staff table, told apart by purpose:
-- a state started for one can never complete the other.
ALTER TABLE oidc_login_states ADD COLUMN purpose text NOT NULL DEFAULT 'staff';

CREATE OR REPLACE FUNCTION oidc_take_login_state(p_state_hash text)
  RETURNS TABLE (tenant_id uuid, code_verifier text, nonce text, expires_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DELETE FROM oidc_login_states s WHERE s.state_hash = p_state_hash AND s.purpose = 'staff'
    RETURNING s.tenant_id, s.code_verifier, s.nonce, s.expires_at
  $$;

CREATE FUNCTION oidc_take_login_state_for(p_state_hash text, p_purpose text)
  RETURNS TABLE (tenant_id uuid, code_verifier text, nonce text, expires_at timestamptz)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    DELETE FROM oidc_login_states s WHERE s.state_hash = p_state_hash AND s.purpose = p_purpose
    RETURNING s.tenant_id, s.code_verifier, s.nonce, s.expires_at
  $$;

REVOKE ALL ON FUNCTION oidc_take_login_state_for(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION oidc_take_login_state_for(text, text) TO amtsdesk_app;
