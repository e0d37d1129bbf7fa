-- Full-text search, third version: the search function returns one page, not every match.
-- Runs on PGlite and PostgreSQL.
--
-- case_search() (0002, 0006) returns every matching id of the tenant; the inbox query then sorts them
-- and keeps 50. With a frequent word that is tens of thousands of rows per request (see
-- docs/performance.md). case_search_page() takes the inbox filters, the sort order, the keyset cursor
-- and the page size as well and applies them in the same statement as the text condition, so
-- PostgreSQL can choose per query: for a frequent word walk the tenant's sort index and stop after the
-- page; for a rare word collect the few matches through the GIN and prefix indexes and sort those.
-- The matching rules are exactly case_search()'s: german stemming over the case, 'simple' prefix tokens
-- (p_prefix; NULL skips that branch), prefix LIKE on case number and applicant name, and words of the
-- case's notes that are not deleted.
--
-- Security as before: a definer function (owned by the migrating superuser, so the indexes are usable
-- under row-level security) that restricts every table itself to current_tenant_id(), never to a
-- tenant passed in. The caller still applies its own filters and row-level security to the result.
-- Every value reaches the statement as a parameter ($n); only fixed fragments are concatenated.
-- case_search() stays: the status counts need all matches.
CREATE FUNCTION case_search_page(
  p_text text, p_prefix text, p_like text,
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
  -- ROWS: a page, so the inbox query looks the few ids up by primary key.
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public ROWS 50 AS $$
DECLARE
  tenant uuid := current_tenant_id();
  descending boolean := left(p_sort, 1) = '-';
  col text := ltrim(p_sort, '-');
  window_rows integer := 200 * p_limit;
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

  -- The text condition, as in case_search(); %s is replaced by the form of the note condition.
  text_match := '(c.search_vector @@ websearch_to_tsquery(''german'', $2)'
    || CASE WHEN p_prefix IS NOT NULL THEN ' OR c.search_vector @@ to_tsquery(''simple'', $3)' ELSE '' END
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

  -- 1. Frequent words: walk the cases in sort order (along the tenant's sort index) and test the text
  --    condition row by row, at most window_rows rows. If that fills the page, or there are no more
  --    cases, the page is exact. Skipped for case numbers (p_prefix NULL), which match a handful.
  IF p_prefix IS NOT NULL THEN
    FOR r IN EXECUTE 'SELECT c.id, ' || format(text_match, 'IN') || ' AS hit
        FROM cases c WHERE c.tenant_id = $1' || filters || format(order_by, 'c') || ' LIMIT $16'
      USING tenant, p_text, p_prefix, p_like, p_scope_units, p_statuses, p_service_id, p_org_unit_id,
            p_assignee_id, p_received_from, p_received_before, p_received_until, p_overdue_before,
            p_after_value, p_after_id, window_rows
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
  --    through the GIN and prefix indexes (a materialised set, so the planner cannot trade that for
  --    the walk above), then sort them and keep the page.
  RETURN QUERY EXECUTE 'WITH m AS MATERIALIZED (SELECT c.id, c.' || quote_ident(col) || ' FROM cases c
      WHERE c.tenant_id = $1 AND ' || format(text_match, '= ANY (ARRAY') || ')' || filters || ')
    SELECT m.id FROM m' || format(order_by, 'm') || ' LIMIT $16'
    USING tenant, p_text, p_prefix, p_like, p_scope_units, p_statuses, p_service_id, p_org_unit_id,
          p_assignee_id, p_received_from, p_received_before, p_received_until, p_overdue_before,
          p_after_value, p_after_id, p_limit;
END $$;
REVOKE ALL ON FUNCTION case_search_page(text, text, text, uuid[], text[], uuid, uuid, boolean, uuid,
  timestamptz, timestamptz, timestamptz, date, text, text, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_search_page(text, text, text, uuid[], text[], uuid, uuid, boolean, uuid,
  timestamptz, timestamptz, timestamptz, date, text, text, uuid, integer) TO amtsdesk_app;
