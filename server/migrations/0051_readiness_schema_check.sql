-- /readyz compares the migrations this release ships with the ones applied, so an instance whose
-- schema is behind its code reports "not ready" instead of failing requests. The app role may read
-- the names (nothing else is in this table).
GRANT SELECT ON schema_migrations TO amtsdesk_app;
