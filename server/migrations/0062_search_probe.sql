-- Searches for words that are rare given the filters (issue 20, session 7; docs/performance.md
-- "After session 7"). Runs on PGlite and PostgreSQL.
--
-- Until now case_search_page() walked the filtered cases in sort order first and tested the text row
-- by row, up to the budget's 10,000 rows, and collected through the indexes only when the walk did
-- not fill the page. A word rare among the filtered cases (a surname in one org unit, a form word
-- with a service filter) paid the whole walk before collecting a handful of matches.
--
-- Now, before walking, the planner's estimate of the matches among the filtered cases (its statistics
-- of the search vector, name key and case number, combined with the filters' selectivity; EXPLAIN,
-- no rows read) decides: when it expects at most `probe_cap` matches (40 pages' worth, at most the
-- budget), the function collects them through the tenant's GIN, trigram and prefix indexes, at most
-- probe_cap + 1 of them. If that is all of them, they are sorted and the page is exact. If there are
-- more (the estimate was low), it walks as before: the probe costs at most probe_cap + 1 matches.
-- The result is the same either way; only the work differs (server/src/cases/search-strategy.test.ts
-- compares both strategies page by page). The transaction-local setting `amtsdesk.search_probe`
-- ('auto' when unset, 'off' = never probe, 'always' = probe whatever the estimate) exists for that
-- comparison and for diagnosis.

-- The planner's row estimate for a query of case_search_page() with its parameters ($1 … $18 as
-- there). EXPLAIN is not allowed in a stable function, hence this separate volatile one; it only
-- plans, never runs the query. Not callable by the app role (it takes SQL text): only the definer
-- function above calls it.
CREATE FUNCTION search_match_estimate(p_query text, a1 uuid, a2 text, a3 text, a4 text, a5 uuid[], a6 text[], a7 uuid, a8 uuid, a9 uuid, a10 timestamptz, a11 timestamptz, a12 timestamptz, a13 date, a14 text, a15 uuid, a16 integer, a17 text[], a18 text)
  RETURNS numeric LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE plan json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) ' || p_query INTO plan
    USING a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18;
  RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::numeric;
END $$;
REVOKE ALL ON FUNCTION search_match_estimate(text, uuid, text, text, text, uuid[], text[], uuid, uuid, uuid, timestamptz, timestamptz, timestamptz, date, text, uuid, integer, text[], text) FROM PUBLIC;

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
  case_terms text;               -- the text condition on the case row itself (without notes)
  text_match text;
  -- The probe (0062): collect first when the planner expects at most this many matches.
  probe_mode text := coalesce(nullif(current_setting('amtsdesk.search_probe', true), ''), 'auto');
  probe_cap integer := least(budget, 40 * p_limit);
  expected numeric;
  found integer;
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
  case_terms := 'c.search_vector @@ websearch_to_tsquery(''german'', $2)'
    || CASE WHEN p_prefix IS NOT NULL THEN ' OR c.search_vector @@ to_tsquery(''simple'', $3)' ELSE '' END
    || CASE WHEN fuzzy_collect IS NOT NULL THEN ' OR ({fuzzy})' ELSE '' END
    || CASE WHEN p_infix IS NOT NULL THEN ' OR lower(c.case_number) LIKE $18' ELSE '' END
    || ' OR lower(c.case_number) LIKE $4 OR lower(c.applicant_name) LIKE $4';
  text_match := '(' || case_terms || ' OR c.id %s (SELECT n.case_id FROM notes n
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
    -- 0. Rare among the filtered cases? The planner's estimate costs a plan, not a read; the notes
    --    are left out of it (they add few matches, and a subquery's estimate is a guess).
    IF probe_mode = 'auto' THEN
      expected := search_match_estimate('SELECT 1 FROM cases c WHERE c.tenant_id = $1 AND ('
          || format(replace(case_terms, '{fuzzy}', coalesce(fuzzy_collect, ''))) || ')' || filters,
        tenant, p_text, p_prefix, p_like, p_scope_units, p_statuses, p_service_id, p_org_unit_id,
        p_assignee_id, p_received_from, p_received_before, p_received_until, p_overdue_before,
        p_after_value, p_after_id, p_limit, name_words, p_infix);
    END IF;
    IF probe_mode = 'always' OR (probe_mode = 'auto' AND expected <= probe_cap) THEN
      -- Collect at most probe_cap + 1 matches through the indexes; all of them: sort, keep the page.
      EXECUTE 'WITH m AS MATERIALIZED (SELECT c.id, c.' || quote_ident(col) || ' FROM cases c
          WHERE c.tenant_id = $1 AND ' || format(replace(text_match, '{fuzzy}', coalesce(fuzzy_collect, '')), '= ANY (ARRAY') || ')' || filters || ' LIMIT $19 + 1)
        SELECT (SELECT count(*) FROM m)::integer,
               coalesce((SELECT array_agg(p.id' || format(order_by, 'p') || ') FROM (SELECT m.* FROM m' || format(order_by, 'm') || ' LIMIT $16) p), ''{}'')'
        INTO found, hits
        USING tenant, p_text, p_prefix, p_like, p_scope_units, p_statuses, p_service_id, p_org_unit_id,
              p_assignee_id, p_received_from, p_received_before, p_received_until, p_overdue_before,
              p_after_value, p_after_id, p_limit, name_words, p_infix, probe_cap;
      IF found <= probe_cap THEN
        RETURN QUERY SELECT u.id FROM unnest(hits) WITH ORDINALITY AS u(id, n) ORDER BY u.n;
        RETURN;
      END IF;
      hits := '{}';
    END IF;

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
