-- Full-text search, fourth version: similar names and case number fragments (pg_trgm).
-- Runs on PGlite (the pg_trgm contrib extension is passed to PGlite in server/src/db/database.ts) and
-- PostgreSQL (contrib; pg_trgm is a trusted extension, so the database owner may create it).
--
-- Until now names and case numbers were found by their prefix only: "Maier" did not find "Meier",
-- "Schmitt" not "Schmidt", and "2026-004" (the middle of SVA-2026-004711) nothing. Two new matches:
--
-- 1. Names by similarity. Trigram similarity alone is weak on the typical German spelling variants
--    (Maier/Meier share 3 of 6 trigrams: 0.33), so names are first reduced to a spelling key that
--    folds them (search_name_key: umlauts and ß, ae/oe/ue, y → i, ei → ai, dt/th → t, a final d → t,
--    ph → f, ck → k, tz → z, doubled letters once). Maier, Meier, Mayer and Meyer all become "maier",
--    Schmidt, Schmitt and Schmid "schmit". The key of the query must then be word-similar to the key of
--    the applicant's name (`<%`, word_similarity ≥ 0.5, set on the search functions), which also
--    catches plain typos ("Hofman" → Hoffmann, "Beker" → Becker). The key is a stored generated
--    column, so the walk over the sort order (0013) compares stored text and the GIN trigram index
--    serves the collecting step.
-- 2. Case numbers containing the text (LIKE '%fragment%' on lower(case_number), served by a GIN
--    trigram index), for a single token with a digit ("2026-004", "04711").
--
-- Both GIN indexes span all tenants, like cases_search: the walk (step 1 of case_search_page) answers
-- for names frequent in the tenant and for small tenants; the collecting step (step 2) gets few rows
-- from either index (rare names, a number fragment) and checks the tenant on the heap row.
-- case_search_page() and case_search() are replaced with two more parameters (p_fuzzy, p_infix);
-- NULL skips the branch, so the other matching rules and the security design of 0013 stay as they were.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE FUNCTION search_name_key(p_name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
  SELECT regexp_replace(replace(regexp_replace(
      replace(replace(replace(replace(replace(
        regexp_replace(replace(translate(lower(p_name), 'äöüÄÖÜy', 'aouaoui'), 'ß', 'ss'), '([aou])e', '\1', 'g'),
        'dt', 't'), 'th', 't'), 'ph', 'f'), 'ck', 'k'), 'tz', 'z'),
      'd\M', 't', 'g'), 'ei', 'ai'), '([a-z])\1+', '\1', 'g')
$$;

-- The words of a name query as spelling keys ("Anna Meyer" → {ana, maier}): each must be word-similar
-- to the applicant's key, so a shared first name alone does not make a match. NULL for NULL.
CREATE FUNCTION search_name_words(p_query text) RETURNS text[]
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
  SELECT nullif(array_remove(regexp_split_to_array(public.search_name_key(p_query), '[\s,;.]+'), ''), '{}')
$$;

ALTER TABLE cases ADD COLUMN applicant_name_key text
  GENERATED ALWAYS AS (search_name_key(applicant_name)) STORED;

CREATE INDEX cases_applicant_trgm ON cases USING gin (applicant_name_key gin_trgm_ops);
CREATE INDEX cases_number_trgm ON cases USING gin (lower(case_number) gin_trgm_ops);

DROP FUNCTION case_search(text, text, text);
DROP FUNCTION case_search_page(text, text, text, uuid[], text[], uuid, uuid, boolean, uuid,
  timestamptz, timestamptz, timestamptz, date, text, text, uuid, integer);

-- All matching cases of the tenant (the status counts). As 0006, plus the two new branches.
CREATE FUNCTION case_search(p_text text, p_prefix text, p_like text, p_fuzzy text, p_infix text)
  RETURNS TABLE (id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  SET pg_trgm.word_similarity_threshold = 0.5 AS $$
DECLARE
  name_words text[] := search_name_words(p_fuzzy);
BEGIN
  IF current_tenant_id() IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE
    'SELECT c.id FROM cases c WHERE c.tenant_id = $1 AND (
       c.search_vector @@ websearch_to_tsquery(''german'', $2)
       OR ($3 IS NOT NULL AND c.search_vector @@ to_tsquery(''simple'', $3))
       OR lower(c.case_number) LIKE $4 OR lower(c.applicant_name) LIKE $4'
    || coalesce(' OR (' || (SELECT string_agg(format('$5[%s] <%% c.applicant_name_key', i), ' AND ')
         FROM generate_subscripts(name_words, 1) i) || ')', '')
    || CASE WHEN p_infix IS NOT NULL THEN ' OR lower(c.case_number) LIKE $6' ELSE '' END
    || ')
     UNION
     SELECT n.case_id FROM notes n WHERE n.tenant_id = $1 AND n.deleted_at IS NULL AND (
       n.search_vector @@ websearch_to_tsquery(''german'', $2)
       OR ($3 IS NOT NULL AND n.search_vector @@ to_tsquery(''simple'', $3)))'
    USING current_tenant_id(), p_text, p_prefix, p_like, name_words, p_infix;
END $$;
REVOKE ALL ON FUNCTION case_search(text, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_search(text, text, text, text, text) TO amtsdesk_app;

-- One page of matches (0013's design; see there). New: p_fuzzy (the query as a name, NULL: not a
-- name) and p_infix (LIKE pattern '%…%' of a case number fragment, NULL: none). The walk (step 1)
-- now also runs for short number fragments, which may match many cases; a case number start and a
-- fragment with five digits in a row go to the indexes directly.
CREATE FUNCTION case_search_page(
  p_text text, p_prefix text, p_like text, p_fuzzy text, p_infix text,
  p_scope_units uuid[],          -- the viewer's org units (NULL: all of the tenant)
  p_statuses text[],             -- NULL: any status
  p_service_id uuid,
  p_org_unit_id uuid,
  p_unassigned boolean,          -- true: only cases without assignee
  p_assignee_id uuid,
  p_received_from timestamptz,   -- received_at >= …
  p_received_before timestamptz, -- received_at < …
  p_received_until timestamptz,  -- received_at <= …
  p_overdue_before date,         -- only cases with an open follow-up due before this day
  p_sort text,                   -- received_at | case_number | updated_at, '-' prefix: descending
  p_after_value text,            -- keyset cursor: sort value and id of the previous page's last row
  p_after_id uuid,
  p_limit integer)
  RETURNS TABLE (id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  SET pg_trgm.word_similarity_threshold = 0.5 ROWS 50 AS $$
DECLARE
  tenant uuid := current_tenant_id();
  descending boolean := left(p_sort, 1) = '-';
  col text := ltrim(p_sort, '-');
  window_rows integer := 200 * p_limit;
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
  IF col NOT IN ('received_at', 'case_number', 'updated_at') THEN
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
    fuzzy_collect := concat_ws(' AND ', fuzzy_collect, format('$17[%s] <%%%% c.applicant_name_key', i));
    fuzzy_walk := concat_ws(' AND ', fuzzy_walk, CASE WHEN coalesce(cardinality(inner_tests), 0) * 2 > cardinality(trigrams)
      THEN '(' || array_to_string(inner_tests, ' OR ') || ') AND ' ELSE '' END || format('$17[%s] <%%%% c.applicant_name_key', i));
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
      CASE WHEN descending THEN '<' ELSE '>' END, CASE WHEN col = 'case_number' THEN 'text' ELSE 'timestamptz' END);
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
  --    through the GIN, trigram and prefix indexes (a materialised set, so the planner cannot trade
  --    that for the walk above), then sort them and keep the page.
  RETURN QUERY EXECUTE 'WITH m AS MATERIALIZED (SELECT c.id, c.' || quote_ident(col) || ' FROM cases c
      WHERE c.tenant_id = $1 AND ' || format(replace(text_match, '{fuzzy}', coalesce(fuzzy_collect, '')), '= ANY (ARRAY') || ')' || filters || ')
    SELECT m.id FROM m' || format(order_by, 'm') || ' LIMIT $16'
    USING tenant, p_text, p_prefix, p_like, p_scope_units, p_statuses, p_service_id, p_org_unit_id,
          p_assignee_id, p_received_from, p_received_before, p_received_until, p_overdue_before,
          p_after_value, p_after_id, p_limit, name_words, p_infix;
END $$;
REVOKE ALL ON FUNCTION case_search_page(text, text, text, text, text, uuid[], text[], uuid, uuid, boolean, uuid,
  timestamptz, timestamptz, timestamptz, date, text, text, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_search_page(text, text, text, text, text, uuid[], text[], uuid, uuid, boolean, uuid,
  timestamptz, timestamptz, timestamptz, date, text, text, uuid, integer) TO amtsdesk_app;
