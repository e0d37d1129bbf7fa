-- Applicant contact mapping (issue #13): per service, which form fields give the applicant's kind,
-- names, organisation name, e-mail, phone, postal address and date of birth. Intake applies it to
-- every new case of the service; an admin re-applies it to existing cases explicitly.

-- A mapping can only name a service of its own municipality: the foreign key includes the tenant
-- (a foreign-key check is not subject to row-level security, so services(id) alone would accept
-- another municipality's service).
ALTER TABLE services ADD CONSTRAINT services_tenant_id_id UNIQUE (tenant_id, id);

CREATE TABLE applicant_mappings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  service_id uuid NOT NULL,
  -- { useDefaults, kind?: { path, organisationValues[] }, fields: { email: "kontakt/email", … } }
  mapping jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object' AND octet_length(mapping::text) <= 20000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (tenant_id, service_id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE applicant_mappings ENABLE ROW LEVEL SECURITY;
ALTER TABLE applicant_mappings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON applicant_mappings USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON applicant_mappings TO amtsdesk_app;
