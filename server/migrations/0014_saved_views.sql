-- Saved views (Gespeicherte Ansichten) of the inbox: a name for an inbox query string (filters +
-- sort, with the API's parameter names). Personal by default; an admin may share a view with the
-- whole tenant. Runs on PGlite and PostgreSQL; tenant-owned, so the same tenant_isolation policy.

CREATE TABLE saved_views (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  owner_id uuid NOT NULL REFERENCES users(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  query text NOT NULL CHECK (length(query) <= 2000),
  shared boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One name per person (case-insensitive); also serves "my views".
CREATE UNIQUE INDEX saved_views_owner_name ON saved_views (tenant_id, owner_id, lower(name));
-- "Views shared with the whole tenant".
CREATE INDEX saved_views_shared ON saved_views (tenant_id) WHERE shared;

ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
ALTER TABLE saved_views FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON saved_views USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());

GRANT SELECT, INSERT, UPDATE, DELETE ON saved_views TO amtsdesk_app;
