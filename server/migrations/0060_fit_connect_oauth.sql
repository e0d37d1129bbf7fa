-- FIT-Connect Submission API sign-in (OAuth2 client credentials, RFC 6749 §4.4), per destination.
-- The Zustelldienst issues a client id and secret per subscriber; each destination may use another
-- token endpoint (test and production environments differ). All four are NULL for a Submission API
-- that needs no token (the older stand-ins); token_url, client_id and client_secret come together.
ALTER TABLE fit_connect_destinations ADD COLUMN token_url text;
ALTER TABLE fit_connect_destinations ADD COLUMN client_id text;
-- Like private_jwk: tenant-owned under RLS, never logged, never returned by the API.
ALTER TABLE fit_connect_destinations ADD COLUMN client_secret text;
ALTER TABLE fit_connect_destinations ADD COLUMN oauth_scope text;
ALTER TABLE fit_connect_destinations ADD CONSTRAINT fit_connect_destinations_oauth_complete
  CHECK ((token_url IS NULL AND client_id IS NULL AND client_secret IS NULL)
      OR (token_url IS NOT NULL AND client_id IS NOT NULL AND client_secret IS NOT NULL));
