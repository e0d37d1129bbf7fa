-- Applicant contact mapping (issue #13): per service, which form fields give the applicant's kind,
-- names, organisation name, e-mail, phone, postal address and date of birth. Intake applies it to
-- every new case of the service; an admin re-applies it to existing cases explicitly.

CREATE TABLE applicant_mappings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  service_id uuid NOT NULL REFERENCES services(id) ON DELETE CASCADE,
  -- { useDefaults, kind?: { path, organisationValues[] }, fields: { email: "kontakt/email", … } }
  mapping jsonb NOT NULL CHECK (jsonb_typeof(mapping) = 'object' AND octet_length(mapping::text) <= 20000),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL,
  PRIMARY KEY (tenant_id, service_id)
);

ALTER TABLE applicant_mappings ENABLE ROW LEVEL SECURITY;
ALTER TABLE applicant_mappings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON applicant_mappings USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON applicant_mappings TO amtsdesk_app;
