-- Rate limits that every server instance shares (issue #12): sign-in per account and per client,
-- operator sign-in, portal sign-in links, intake per token. One row per key and fixed time window.
--
-- Platform data, not tenant-owned: no tenant_id, no RLS. The app role gets no table privileges at
-- all; it counts through the definer functions below, so it can neither read the keys nor reset a
-- limit. Keys are SHA-256 hashes built by the application (server/src/auth/rate-limit.ts), so no
-- e-mail or IP address is stored in clear, and rows are deleted once their window has passed.
--
-- UNLOGGED: a counter is worth nothing after a crash, so it is not written to the WAL. That keeps
-- the counting off the commit's disk flush (intake counts every submission), and a crash merely
-- resets the limits. Unlogged tables are not replicated to standbys, which never count anyway.
CREATE UNLOGGED TABLE rate_limits (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_limits_expiry ON rate_limits (expires_at);
REVOKE ALL ON rate_limits FROM PUBLIC, amtsdesk_app;

-- Counts p_amounts[i] hits on key p_keys[i] in its current window of p_window_seconds[i] and
-- returns the window's total after this statement, atomically (concurrent instances add up).
-- Callers pass each key once and in sorted order, so two statements lock rows in the same order.
CREATE FUNCTION rate_limit_hit(p_keys text[], p_window_seconds integer[], p_amounts integer[])
  RETURNS TABLE (key text, hits integer, retry_after_seconds integer)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    INSERT INTO rate_limits AS r (key, window_start, expires_at, hits)
    SELECT k.key, w.start, w.start + make_interval(secs => k.seconds), k.amount
    FROM unnest(p_keys, p_window_seconds, p_amounts) AS k(key, seconds, amount)
    CROSS JOIN LATERAL (SELECT to_timestamp(floor(extract(epoch FROM now()) / k.seconds) * k.seconds) AS start) w
    ORDER BY k.key
    ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + excluded.hits
    RETURNING r.key, r.hits, greatest(1, ceil(extract(epoch FROM r.expires_at - now())))::integer
  $$;

-- Takes one hit back (a successful sign-in does not count against the client's budget, so a whole
-- town hall behind one address can sign in at eight o'clock).
CREATE FUNCTION rate_limit_refund(p_key text, p_window_seconds integer)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE rate_limits SET hits = greatest(hits - 1, 0)
    WHERE key = p_key AND window_start = to_timestamp(floor(extract(epoch FROM now()) / p_window_seconds) * p_window_seconds)
  $$;

CREATE FUNCTION rate_limits_purge()
  RETURNS integer
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    WITH gone AS (DELETE FROM rate_limits WHERE expires_at < now() RETURNING 1) SELECT count(*)::integer FROM gone
  $$;

-- Intake per token: the API-token look-up (0018) counts the token's uses in the current second in
-- the same statement, so the limit costs no extra round trip. p_uses[i] is how many requests of
-- this batch carry p_token_hashes[i] (concurrent look-ups share one statement).
CREATE FUNCTION auth_lookup_api_tokens_counted(p_token_hashes text[], p_uses integer[])
  RETURNS TABLE (token_hash text, id uuid, tenant_id uuid, scopes text[], uses_this_second integer)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    WITH wanted AS (
      SELECT w.token_hash, w.uses FROM unnest(p_token_hashes, p_uses) AS w(token_hash, uses)
    ), found AS (
      SELECT t.token_hash, t.id, t.tenant_id, t.scopes, t.last_used_at, w.uses FROM api_tokens t
      JOIN wanted w ON w.token_hash = t.token_hash
      WHERE t.revoked_at IS NULL
    ), touched AS (
      UPDATE api_tokens t SET last_used_at = now() FROM found f
      WHERE t.id = f.id AND (f.last_used_at IS NULL OR f.last_used_at < now() - interval '5 minutes')
    ), counted AS (
      INSERT INTO rate_limits AS r (key, window_start, expires_at, hits)
      SELECT 'token:' || f.id, date_trunc('second', now()), date_trunc('second', now()) + interval '1 second', f.uses
      FROM found f ORDER BY f.id
      ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + excluded.hits
      RETURNING r.key, r.hits
    )
    SELECT f.token_hash, f.id, f.tenant_id, f.scopes, c.hits FROM found f JOIN counted c ON c.key = 'token:' || f.id
  $$;

-- The same for platform intake tokens (form servers for many municipalities).
CREATE FUNCTION intake_lookup_platform_token(p_token_hash text)
  RETURNS TABLE (id uuid, name text, uses_this_second integer)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    WITH found AS (
      SELECT t.id, t.name FROM intake_platform_tokens t WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL
    ), counted AS (
      INSERT INTO rate_limits AS r (key, window_start, expires_at, hits)
      SELECT 'token:' || f.id, date_trunc('second', now()), date_trunc('second', now()) + interval '1 second', 1 FROM found f
      ON CONFLICT (key, window_start) DO UPDATE SET hits = r.hits + 1
      RETURNING r.hits
    )
    SELECT f.id, f.name, c.hits FROM found f, counted c
  $$;

REVOKE ALL ON FUNCTION rate_limit_hit(text[], integer[], integer[]), rate_limit_refund(text, integer), rate_limits_purge(),
  auth_lookup_api_tokens_counted(text[], integer[]), intake_lookup_platform_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION rate_limit_hit(text[], integer[], integer[]), rate_limit_refund(text, integer), rate_limits_purge(),
  auth_lookup_api_tokens_counted(text[], integer[]), intake_lookup_platform_token(text) TO amtsdesk_app;
