-- Case numbers sort naturally: BAU-2026-4 before BAU-2026-29 (text order put "29" before "4").
-- Runs on PGlite and PostgreSQL.
--
-- case_number_sort is a generated column, so every existing row is filled by this migration (the
-- table is rewritten once) and every new or changed row keeps it in step without any code: each run
-- of digits becomes its length (two digits) followed by the digits without leading zeros, the rest
-- stays as it is. "BAU-2026-4" → "BAU-042026-014", "BAU-2026-29" → "BAU-042026-0229": the unit, then
-- the year, then the sequence compare as numbers, whatever the tenant's pattern and padding
-- ({seq} or {seq:6}) is. Collation "C" makes the order byte-wise, the same on every server locale.
-- The inbox sorts and pages (keyset cursor) on (tenant_id, case_number_sort, id) along the new index,
-- which replaces the text one of 0002.
CREATE FUNCTION case_number_sort_key(p_number text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
  SELECT coalesce(string_agg(CASE WHEN part[1] ~ '^[0-9]+$'
      THEN lpad(length(ltrim(part[1], '0'))::text, 2, '0') || ltrim(part[1], '0')
      ELSE part[1] END, '' ORDER BY n), '')
  FROM regexp_matches(p_number, '[0-9]+|[^0-9]+', 'g') WITH ORDINALITY AS t(part, n)
$$;

ALTER TABLE cases ADD COLUMN case_number_sort text COLLATE "C"
  GENERATED ALWAYS AS (case_number_sort_key(case_number)) STORED;

DROP INDEX cases_by_number;
CREATE INDEX cases_by_number_sort ON cases (tenant_id, case_number_sort DESC, id DESC);

-- The search page function (0013, and whatever later migration replaced it) sorts and pages in the
-- same order: sort 'case_number' walks case_number_sort. Patched in place, so that a newer body of
-- the function (e.g. other matching rules) is kept; the migration fails if the expected fragments
-- are not there rather than leaving search pages in another order than the inbox.
DO $migration$
DECLARE
  fn regprocedure;
  body text;
  fragments text[][] := ARRAY[
    [$f$col text := ltrim(p_sort, '-');$f$,
     $f$col text := replace(ltrim(p_sort, '-'), 'case_number', 'case_number_sort');$f$],
    [$f$IF col NOT IN ('received_at', 'case_number', 'updated_at') THEN$f$,
     $f$IF col NOT IN ('received_at', 'case_number_sort', 'updated_at') THEN$f$],
    [$f$CASE WHEN col = 'case_number' THEN 'text'$f$,
     $f$CASE WHEN col = 'case_number_sort' THEN 'text'$f$]];
BEGIN
  FOR fn IN SELECT p.oid::regprocedure FROM pg_proc p
      JOIN pg_namespace s ON s.oid = p.pronamespace
      WHERE p.proname = 'case_search_page' AND s.nspname = 'public' LOOP
    body := pg_get_functiondef(fn);
    FOR i IN 1 .. array_length(fragments, 1) LOOP
      IF position(fragments[i][1] IN body) = 0 THEN
        RAISE EXCEPTION '0016: case_search_page() has no fragment "%"; adapt this migration', fragments[i][1];
      END IF;
      body := replace(body, fragments[i][1], fragments[i][2]);
    END LOOP;
    EXECUTE body;
  END LOOP;
END
$migration$;
