-- Decisions (Bescheide): templates per tenant and service, the tenant's letterhead, per-service
-- decision settings (four-eyes release, external generator) and the decisions themselves.
-- Runs unchanged on PGlite and PostgreSQL.

-- Approval and rejection texts with placeholders; service_id NULL = default for every service.
CREATE TABLE decision_templates (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  service_id uuid REFERENCES services(id),
  kind text NOT NULL CHECK (kind IN ('approval', 'rejection')),
  name text NOT NULL,
  body text NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decision_templates_tenant ON decision_templates (tenant_id, service_id, kind);

-- One letterhead per tenant, printed on every generated decision.
CREATE TABLE tenant_letterheads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  name text NOT NULL,
  address_lines text[] NOT NULL DEFAULT '{}',
  contact text NOT NULL DEFAULT '',
  logo_sha256 text,
  logo_mime_type text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per service: must a second person release the decision? Is an external generator connected?
CREATE TABLE decision_service_settings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  service_id uuid NOT NULL REFERENCES services(id),
  requires_release boolean NOT NULL DEFAULT false,
  generator_url text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, service_id)
);

CREATE TABLE decisions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  template_id uuid REFERENCES decision_templates(id) ON DELETE SET NULL,
  kind text NOT NULL CHECK (kind IN ('approval', 'rejection')),
  source text NOT NULL CHECK (source IN ('template', 'upload', 'generator')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'awaiting_release', 'released', 'sent')),
  text text,
  -- Uploaded or generated PDFs are stored when the decision is created; template decisions get
  -- their PDF/A document when they are released (or sent without release).
  pdf_sha256 text,
  pdf_size_bytes bigint,
  attachment_id uuid REFERENCES attachments(id),
  requires_release boolean NOT NULL,
  created_by uuid,
  created_by_name text NOT NULL,
  last_edited_by uuid,
  submitted_by uuid,
  released_by uuid,
  released_by_name text,
  released_at timestamptz,
  sent_by uuid,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_case ON decisions (tenant_id, case_id, created_at);

-- A released or sent decision is final: its text and document can never change again.
CREATE FUNCTION decisions_freeze() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN ('released', 'sent') THEN RAISE EXCEPTION 'decision % is final', OLD.id; END IF;
    RETURN OLD;
  END IF;
  IF OLD.status IN ('released', 'sent') AND (
       NEW.text IS DISTINCT FROM OLD.text OR NEW.pdf_sha256 IS DISTINCT FROM OLD.pdf_sha256
       OR NEW.attachment_id IS DISTINCT FROM OLD.attachment_id OR NEW.kind IS DISTINCT FROM OLD.kind
       OR NEW.case_id IS DISTINCT FROM OLD.case_id OR (OLD.status = 'sent' AND NEW.status <> 'sent')) THEN
    RAISE EXCEPTION 'decision % is final', OLD.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER decisions_freeze BEFORE UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION decisions_freeze();

-- The stored decision document is immutable as an attachment too.
CREATE FUNCTION decision_attachments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'decision document % is immutable', OLD.id;
END $$;
CREATE TRIGGER decision_attachments_immutable BEFORE UPDATE OR DELETE ON attachments
  FOR EACH ROW WHEN (OLD.kind = 'decision') EXECUTE FUNCTION decision_attachments_immutable();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['decision_templates','tenant_letterheads','decision_service_settings','decisions']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON decision_templates, tenant_letterheads, decision_service_settings TO amtsdesk_app;
-- Decisions are never deleted by the application.
GRANT SELECT, INSERT, UPDATE ON decisions TO amtsdesk_app;
