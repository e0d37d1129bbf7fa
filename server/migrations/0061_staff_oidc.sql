-- Staff sign-in over OpenID Connect per tenant (issue #19, item 6; decision 0033).
--
-- 1. staff_oidc_providers: at most one provider per tenant. Either the tenant's own identity
--    provider (issuer, client id/secret), or the platform's state-wide realm (use_platform: the
--    installation's OIDC_ISSUER client) with this tenant's own group mapping.
--    role_source 'idp': roles and org units come from the mapping at every sign-in and cannot be
--    edited locally; 'local': the mapping seeds a new account once, then admins manage it as before.
--    password_login false: the tenant's staff sign in only through the provider.
-- 2. staff_oidc_mappings: a value of the groups claim → a role and/or an org unit.
-- 3. users.roles_from_idp marks accounts whose roles the provider manages (read-only locally);
--    users.oidc_issuer binds the subject to the issuer that vouched for it.

CREATE TABLE staff_oidc_providers (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 60),
  use_platform boolean NOT NULL DEFAULT false,
  issuer text CHECK (char_length(issuer) BETWEEN 1 AND 500),
  client_id text CHECK (char_length(client_id) BETWEEN 1 AND 200),
  client_secret text CHECK (char_length(client_secret) BETWEEN 1 AND 500),
  scopes text NOT NULL DEFAULT 'openid email profile' CHECK (char_length(scopes) BETWEEN 6 AND 300),
  groups_claim text NOT NULL DEFAULT 'groups' CHECK (char_length(groups_claim) BETWEEN 1 AND 100),
  role_source text NOT NULL DEFAULT 'idp' CHECK (role_source IN ('idp', 'local')),
  password_login boolean NOT NULL DEFAULT true,
  enabled boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (use_platform OR (issuer IS NOT NULL AND client_id IS NOT NULL)),
  -- Without a working provider nobody could sign in: password login stays on unless OIDC is on.
  CHECK (password_login OR enabled)
);

CREATE TABLE staff_oidc_mappings (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  group_value text NOT NULL CHECK (char_length(group_value) BETWEEN 1 AND 200),
  role text CHECK (role IN ('admin', 'intake', 'caseworker', 'teamlead', 'reader', 'records', 'privacy')),
  org_unit_id uuid REFERENCES org_units(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (role IS NOT NULL OR org_unit_id IS NOT NULL),
  UNIQUE NULLS NOT DISTINCT (tenant_id, group_value, role, org_unit_id)
);
CREATE INDEX staff_oidc_mappings_tenant ON staff_oidc_mappings (tenant_id, group_value);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['staff_oidc_providers', 'staff_oidc_mappings']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO amtsdesk_app', t);
  END LOOP;
END $$;

ALTER TABLE users ADD COLUMN roles_from_idp boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN oidc_issuer text;
