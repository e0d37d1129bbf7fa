-- The desk under many caseworkers at once (issue 20, decision 0015). Runs on PGlite (btree_gin is
-- loaded from its contrib build like pg_trgm, server/src/db/database.ts) and PostgreSQL (contrib;
-- btree_gin is a trusted extension, so the database owner may create it).
--
-- 1. Tenant-aware search indexes. The GIN indexes of 0002, 0006 and 0015 span all tenants: a word
--    frequent in other tenants made every tenant's search visit (and recheck against the heap) their
--    matches too. With btree_gin the tenant is the index's first column, so the scan intersects the
--    word's posting list with the tenant's and touches only this tenant's rows. They replace the old
--    ones (no query needs a search across tenants; every search function restricts to one tenant).
-- 2. A budget per search. case_search_page() reads `amtsdesk.search_budget` (set transaction-locally
--    by the app, AMTSDESK_SEARCH_BUDGET_ROWS; 10,000 when unset): the walk examines at most that
--    many rows, the collecting step gathers at most that many matches, and one more raises SQLSTATE
--    AD001, which the API answers as `search_too_broad` ("bitte eingrenzen"). The body is 0015's
--    with 0016 and 0019 applied; only the budget lines are new.
-- 3. One statement resolves a session: auth_resolve_session() returns the session with its user's
--    current roles and org units, only while the session is unexpired and the user active. It
--    replaces two transactions per request (auth_lookup_session, then the user under the tenant),
--    and nothing is cached, so signing out or deactivating an account takes effect on the next
--    request on every instance.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX cases_tenant_search ON cases USING gin (tenant_id, search_vector);
DROP INDEX cases_search;
CREATE INDEX notes_tenant_search ON notes USING gin (tenant_id, search_vector) WHERE deleted_at IS NULL;
DROP INDEX notes_search;
CREATE INDEX cases_tenant_applicant_trgm ON cases USING gin (tenant_id, applicant_name_key gin_trgm_ops);
DROP INDEX cases_applicant_trgm;
CREATE INDEX cases_tenant_number_trgm ON cases USING gin (tenant_id, lower(case_number) gin_trgm_ops);
DROP INDEX cases_number_trgm;

-- Raises the search budget's error when a search gathered more matches than its budget.
CREATE FUNCTION search_within_budget(p_matches bigint, p_budget integer) RETURNS boolean
  LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
BEGIN
  IF p_matches > p_budget THEN
    RAISE EXCEPTION 'search too broad: more than % matches', p_budget USING ERRCODE = 'AD001';
  END IF;
  RETURN true;
END $$;

CREATE OR REPLACE FUNCTION case_search_page(p_text text, p_prefix text, p_like text, p_fuzzy text, p_infix text, p_scope_units uuid[], p_statuses text[], p_service_id uuid, p_org_unit_id uuid, p_unassigned boolean, p_assignee_id uuid, p_received_from timestamp with time zone, p_received_before timestamp with time zone, p_received_until timestamp with time zone, p_overdue_before date, p_sort text, p_after_value text, p_after_id uuid, p_limit integer)
 RETURNS TABLE(id uuid)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 50
 SET search_path TO 'public'
 SET "pg_trgm.strict_word_similarity_threshold" TO '0.5'
AS $function$
DECLARE
  tenant uuid := current_tenant_id();
  descending boolean := left(p_sort, 1) = '-';
  col text := replace(ltrim(p_sort, '-'), 'case_number', 'case_number_sort');
  -- The search budget (0035): rows the walk may examine and matches the collecting step may gather.
  budget integer := greatest(1, coalesce(nullif(current_setting('amtsdesk.search_budget', true), '')::integer, 10000));
  window_rows integer := least(200 * p_limit, budget);
  name_words text[] := search_name_words(p_fuzzy);
  fuzzy_collect text;            -- every query word similar to the name (the trigram index serves it)
  fuzzy_walk text;               -- the same, each behind a cheap necessary test for the row-by-row walk
  trigrams text[];
  inner_tests text[];
  order_by text;
  text_match text;
  filters text := '';
  hits uuid[] := '{}';
  seen integer := 0;
  r record;
BEGIN
  IF tenant IS NULL OR p_limit IS NULL OR p_limit < 1 THEN RETURN; END IF;
  IF col NOT IN ('received_at', 'case_number_sort', 'updated_at') THEN
    RAISE EXCEPTION 'case_search_page: unknown sort %', p_sort;
  END IF;
  order_by := format(' ORDER BY %1$s.%2$I %3$s, %1$s.id %3$s', '%1$s', col, CASE WHEN descending THEN 'DESC' ELSE 'ASC' END);

  -- Similar names. word_similarity >= 0.5 needs at least half of the word's trigrams in the name;
  -- when the trigrams inside the word ("kru", "rug", "uge", "ger" of "kruger") are more than half of
  -- them, one of these must occur in the name's key: a substring test that spares most rows of the
  -- walk the trigram comparison (≈ 1.5 µs a row). The result is the same with or without it.
  FOR i IN 1 .. coalesce(cardinality(name_words), 0) LOOP
    trigrams := show_trgm(name_words[i]);
    SELECT array_agg(format('strpos(c.applicant_name_key, %L) > 0', t)) INTO inner_tests
      FROM unnest(trigrams) t WHERE t ~ '^[a-z0-9]{3}$';
    fuzzy_collect := concat_ws(' AND ', fuzzy_collect, format('$17[%s] <<%%%% c.applicant_name_key', i));
    fuzzy_walk := concat_ws(' AND ', fuzzy_walk, CASE WHEN coalesce(cardinality(inner_tests), 0) * 2 > cardinality(trigrams)
      THEN '(' || array_to_string(inner_tests, ' OR ') || ') AND ' ELSE '' END || format('$17[%s] <<%%%% c.applicant_name_key', i));
  END LOOP;

  -- The text condition, as in case_search(); %s is replaced by the form of the note condition
  -- (so a literal percent sign is written %%), {fuzzy} by the walk's or the index's name condition.
  text_match := '(c.search_vector @@ websearch_to_tsquery(''german'', $2)'
    || CASE WHEN p_prefix IS NOT NULL THEN ' OR c.search_vector @@ to_tsquery(''simple'', $3)' ELSE '' END
    || CASE WHEN fuzzy_collect IS NOT NULL THEN ' OR ({fuzzy})' ELSE '' END
    || CASE WHEN p_infix IS NOT NULL THEN ' OR lower(c.case_number) LIKE $18' ELSE '' END
    || ' OR lower(c.case_number) LIKE $4 OR lower(c.applicant_name) LIKE $4 OR c.id %s (SELECT n.case_id FROM notes n
         WHERE n.tenant_id = $1 AND n.deleted_at IS NULL AND (n.search_vector @@ websearch_to_tsquery(''german'', $2)'
    || CASE WHEN p_prefix IS NOT NULL THEN ' OR n.search_vector @@ to_tsquery(''simple'', $3)' ELSE '' END
    || ')))';

  -- The inbox filters (as applyFilters() in server/src/cases/repository.ts) and the keyset cursor.
  IF p_scope_units IS NOT NULL THEN filters := filters || ' AND c.org_unit_id = ANY ($5)'; END IF;
  IF p_statuses IS NOT NULL THEN filters := filters || ' AND c.status = ANY ($6)'; END IF;
  IF p_service_id IS NOT NULL THEN filters := filters || ' AND c.service_id = $7'; END IF;
  IF p_org_unit_id IS NOT NULL THEN filters := filters || ' AND c.org_unit_id = $8'; END IF;
  IF p_unassigned THEN filters := filters || ' AND c.assignee_id IS NULL';
  ELSIF p_assignee_id IS NOT NULL THEN filters := filters || ' AND c.assignee_id = $9'; END IF;
  IF p_received_from IS NOT NULL THEN filters := filters || ' AND c.received_at >= $10'; END IF;
  IF p_received_before IS NOT NULL THEN filters := filters || ' AND c.received_at < $11'; END IF;
  IF p_received_until IS NOT NULL THEN filters := filters || ' AND c.received_at <= $12'; END IF;
  IF p_overdue_before IS NOT NULL THEN
    filters := filters || ' AND c.id IN (SELECT f.case_id FROM follow_ups f
      WHERE f.tenant_id = $1 AND f.done_at IS NULL AND f.due_date < $13)';
  END IF;
  IF p_after_id IS NOT NULL THEN
    filters := filters || format(' AND (c.%I, c.id) %s ($14::%s, $15)', col,
      CASE WHEN descending THEN '<' ELSE '>' END, CASE WHEN col = 'case_number_sort' THEN 'text' ELSE 'timestamptz' END);
  END IF;

  -- 1. Frequent words and names: walk the cases in sort order (along the tenant's sort index) and
  --    test the text condition row by row, at most window_rows rows. If that fills the page, or there
  --    are no more cases, the page is exact. Skipped for a case number start and for a fragment with
  --    five digits in a row ("2026-00412"), which match a handful; not for "2026-0" or "004".
  IF p_prefix IS NOT NULL OR (p_infix IS NOT NULL AND p_infix !~ '[0-9]{5}') THEN
    FOR r IN EXECUTE 'SELECT c.id, ' || format(replace(text_match, '{fuzzy}', coalesce(fuzzy_walk, '')), 'IN') || ' AS hit
        FROM cases c WHERE c.tenant_id = $1' || filters || format(order_by, 'c') || ' LIMIT $16'
      USING tenant, p_text, p_prefix, p_like, p_scope_units, p_statuses, p_service_id, p_org_unit_id,
            p_assignee_id, p_received_from, p_received_before, p_received_until, p_overdue_before,
            p_after_value, p_after_id, window_rows, name_words, p_infix
    LOOP
      seen := seen + 1;
      IF r.hit THEN
        hits := hits || r.id;
        IF cardinality(hits) = p_limit THEN EXIT; END IF;
      END IF;
    END LOOP;
    IF cardinality(hits) = p_limit OR seen < window_rows THEN
      RETURN QUERY SELECT u.id FROM unnest(hits) WITH ORDINALITY AS u(id, n) ORDER BY u.n;
      RETURN;
    END IF;
  END IF;

  -- 2. Rare words: the matches are few (fewer than the page in window_rows cases); collect them all
  --    through the tenant's GIN, trigram and prefix indexes (a materialised set, so the planner cannot
  --    trade that for the walk above), then sort them and keep the page. At most `budget` matches are
  --    gathered: one more means the search is too broad to sort within its budget, and the caller gets
  --    SQLSTATE AD001 ("bitte eingrenzen") instead of a wait that grows with the tenant (0035).
  RETURN QUERY EXECUTE 'WITH m AS MATERIALIZED (SELECT c.id, c.' || quote_ident(col) || ' FROM cases c
      WHERE c.tenant_id = $1 AND ' || format(replace(text_match, '{fuzzy}', coalesce(fuzzy_collect, '')), '= ANY (ARRAY') || ')' || filters || ' LIMIT $19 + 1)
    SELECT m.id FROM m WHERE search_within_budget((SELECT count(*) FROM m), $19)' || format(order_by, 'm') || ' LIMIT $16'
    USING tenant, p_text, p_prefix, p_like, p_scope_units, p_statuses, p_service_id, p_org_unit_id,
          p_assignee_id, p_received_from, p_received_before, p_received_until, p_overdue_before,
          p_after_value, p_after_id, p_limit, name_words, p_infix, budget;
END $function$;

CREATE FUNCTION auth_resolve_session(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, user_id uuid, csrf_token text, display_name text, roles text[], org_unit_ids uuid[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.tenant_id, u.id, s.csrf_token, u.display_name, u.roles, u.org_unit_ids
    FROM sessions s JOIN users u ON u.id = s.user_id AND u.tenant_id = s.tenant_id
    WHERE s.token_hash = p_token_hash AND s.expires_at > now() AND u.active
  $$;
REVOKE ALL ON FUNCTION auth_resolve_session(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_resolve_session(text) TO amtsdesk_app;
