-- Routing identifiers (issue #13): external ids a form system uses for a municipality or one of its
-- org units (OZG-Cloud zustaendigeStelle / organisationsEinheitenId, PVOG/XZuFi organisation ids,
-- FIT-Connect destination ids, intelliForm client/customer ids). Intake routes by them.

CREATE TABLE routing_identifiers (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- null: the identifier names the whole municipality; else one of its org units.
  org_unit_id uuid REFERENCES org_units(id) ON DELETE CASCADE,
  scheme text NOT NULL CHECK (scheme IN ('ozg_zustaendige_stelle', 'ozg_organisationseinheit', 'pvog_organisation',
                                         'fit_connect_destination', 'intelliform_client', 'intelliform_customer')),
  value text NOT NULL CHECK (char_length(value) BETWEEN 1 AND 200),
  -- The value as compared (trimmed, NFKC, lower case, inner blanks collapsed; see normaliseIdentifier).
  value_key text NOT NULL CHECK (char_length(value_key) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL
);

-- Global, across tenants: one identifier can never name two municipalities, so routing by it is
-- unambiguous. Row-level security does not hide rows from a unique index, so a conflicting insert
-- is refused whichever tenant context it runs in.
CREATE UNIQUE INDEX routing_identifiers_scheme_value ON routing_identifiers (scheme, value_key);
CREATE INDEX routing_identifiers_tenant ON routing_identifiers (tenant_id, org_unit_id);

ALTER TABLE routing_identifiers ENABLE ROW LEVEL SECURITY;
ALTER TABLE routing_identifiers FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON routing_identifiers USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());

GRANT SELECT, INSERT, DELETE ON routing_identifiers TO amtsdesk_app;

-- The owners of (scheme, value_key) pairs across tenants, for routing a platform sender's submission
-- and for naming a conflict. Returns ids only; the value itself was the caller's input.
CREATE FUNCTION routing_identifier_owners(p_schemes text[], p_keys text[])
  RETURNS TABLE (scheme text, value_key text, tenant_id uuid, org_unit_id uuid, tenant_active boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT r.scheme, r.value_key, r.tenant_id, r.org_unit_id, t.status = 'active'
    FROM unnest(p_schemes, p_keys) AS k(scheme, value_key)
    JOIN routing_identifiers r ON r.scheme = k.scheme AND r.value_key = k.value_key
    JOIN tenants t ON t.id = r.tenant_id
  $$;

REVOKE ALL ON FUNCTION routing_identifier_owners(text[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION routing_identifier_owners(text[], text[]) TO amtsdesk_app;
