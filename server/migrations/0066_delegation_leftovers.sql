-- Help between municipalities and deputies, the leftovers of session 8 (issue #18, decision 0031).
-- Runs on PGlite and PostgreSQL.

-- 1. FIT-Connect destinations hold the tenant's private keys and, since 0060, the OAuth client
--    secret. Case work for another municipality never needs them (replies go out through the
--    outbox, not in the delegated request): closed to a delegated transaction like the tables in
--    0057 and 0064.
CREATE POLICY delegation_closed ON fit_connect_destinations AS RESTRICTIVE
  USING ((SELECT delegated_case_id()) IS NULL) WITH CHECK ((SELECT delegated_case_id()) IS NULL);

-- 2. Routing intake to the helping municipality: once per statement instead of once per case. Intake
--    writes a batch of cases in one statement (group commit, server/src/cases/creation-rows.ts); the
--    agreements are looked up once for the batch through the transition table. Same rule as 0057:
--    the oldest accepted agreement valid today for the case's tenant and service.
CREATE OR REPLACE FUNCTION delegation_route_new_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_grants (id, tenant_id, case_id, agreement_id, grantee_tenant_id, grantee_org_unit_id, granted_by_name)
  SELECT gen_random_uuid(), n.tenant_id, n.id, a.id, a.acceptor_tenant_id, a.acceptor_org_unit_id, 'Eingang (Vereinbarung)'
  FROM inserted_cases n
  CROSS JOIN LATERAL (
    SELECT a.id, a.acceptor_tenant_id, a.acceptor_org_unit_id FROM delegation_agreements a
    WHERE a.proposer_tenant_id = n.tenant_id AND a.service_id = n.service_id AND a.status = 'accepted'
      AND current_date >= a.valid_from AND (a.valid_until IS NULL OR current_date <= a.valid_until)
    ORDER BY a.accepted_at LIMIT 1) a;
  RETURN NULL;
END $$;
DROP TRIGGER delegation_route_new_case ON cases;
CREATE TRIGGER delegation_route_new_case AFTER INSERT ON cases REFERENCING NEW TABLE AS inserted_cases
  FOR EACH STATEMENT EXECUTE FUNCTION delegation_route_new_case();

-- 3. The paged search of a deputy finds what the inbox lists: the cases of the people they stand in
--    for today, also in other org units (p_covered, read by the caller as the inbox does:
--    withCoverage() in server/src/cases/repository.ts). A new parameter, so a new function; with
--    the default an older caller still resolves to it.
DROP FUNCTION case_search_page(text, text, text, text, text, uuid[], text[], uuid, uuid, boolean, uuid,
  timestamptz, timestamptz, timestamptz, date, text, text, uuid, integer);

CREATE FUNCTION case_search_page(p_text text, p_prefix text, p_like text, p_fuzzy text, p_infix text, p_scope_units uuid[], p_statuses text[], p_service_id uuid, p_org_unit_id uuid, p_unassigned boolean, p_assignee_id uuid, p_received_from timestamp with time zone, p_received_before timestamp with time zone, p_received_until timestamp with time zone, p_overdue_before date, p_sort text, p_after_value text, p_after_id uuid, p_limit integer, p_covered uuid[] DEFAULT NULL)
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
  -- The org units, and (0066) the cases of the people the viewer stands in for today, as the inbox
  -- has them. With nobody covered the condition is exactly the org-unit list of before: an OR over
  -- assignees keeps PostgreSQL off the (tenant, unit, sort) indexes (docs/performance.md, run D).
  -- The covered ids are few; written as a literal they leave the parameters of
  -- search_match_estimate() as they were.
  IF p_scope_units IS NOT NULL AND coalesce(cardinality(p_covered), 0) > 0 THEN
    filters := filters || format(' AND (c.org_unit_id = ANY ($5) OR c.assignee_id = ANY (%L::uuid[]))', p_covered);
  ELSIF p_scope_units IS NOT NULL THEN
    filters := filters || ' AND c.org_unit_id = ANY ($5)';
  END IF;
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

REVOKE ALL ON FUNCTION case_search_page(text, text, text, text, text, uuid[], text[], uuid, uuid, boolean, uuid,
  timestamptz, timestamptz, timestamptz, date, text, text, uuid, integer, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_search_page(text, text, text, text, text, uuid[], text[], uuid, uuid, boolean, uuid,
  timestamptz, timestamptz, timestamptz, date, text, text, uuid, integer, uuid[]) TO amtsdesk_app;
