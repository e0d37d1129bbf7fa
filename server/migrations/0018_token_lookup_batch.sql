-- Looks up several API tokens in one statement. Concurrent token-authenticated requests (a form
-- server delivering a burst of applications) share one look-up (server/src/auth/api-tokens.ts)
-- instead of one round trip each. It also records when a token was last used, at most every
-- five minutes per token, so the write is rare and the administration can show stale keys.
CREATE FUNCTION auth_lookup_api_tokens(p_token_hashes text[])
  RETURNS TABLE (token_hash text, id uuid, tenant_id uuid, scopes text[])
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    WITH found AS (
      SELECT t.token_hash, t.id, t.tenant_id, t.scopes, t.last_used_at FROM api_tokens t
      WHERE t.token_hash = ANY (p_token_hashes) AND t.revoked_at IS NULL
    ), touched AS (
      UPDATE api_tokens t SET last_used_at = now() FROM found f
      WHERE t.id = f.id AND (f.last_used_at IS NULL OR f.last_used_at < now() - interval '5 minutes')
    )
    SELECT f.token_hash, f.id, f.tenant_id, f.scopes FROM found f
  $$;

REVOKE ALL ON FUNCTION auth_lookup_api_tokens(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_lookup_api_tokens(text[]) TO amtsdesk_app;

-- Replaced by the function above.
DROP FUNCTION auth_lookup_api_token(text);
