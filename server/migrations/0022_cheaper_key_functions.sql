-- The two generated-column keys of a case (0015, 0016; PL/pgSQL since 0020) are computed for every
-- new case, and bench:intake measured them at ≈ 8 % of PostgreSQL's time per application: each
-- call paid the SET search_path of the function (a GUC save and restore) and, for the case number
-- key, a whole query (regexp_matches … string_agg) run through SPI. Same results, cheaper:
-- - search_name_key is a plain SQL expression again, without SET, so the planner inlines it into
--   the generated column, the index and the search functions. Every function in it is named with
--   its schema (pg_catalog), so no search_path can change what it computes, as the SET ensured before.
-- - case_number_sort_key walks the runs of digits and non-digits in a loop of simple expressions,
--   which PL/pgSQL evaluates without starting a query. The SET stays: the body uses operators.
-- Stored keys and the indexes on them stay valid: every input gives the same key as before.

CREATE OR REPLACE FUNCTION search_name_key(p_name text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT pg_catalog.regexp_replace(pg_catalog.replace(pg_catalog.regexp_replace(
      pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
        pg_catalog.regexp_replace(pg_catalog.replace(pg_catalog.translate(pg_catalog.lower(p_name), 'äöüÄÖÜy', 'aouaoui'), 'ß', 'ss'), '([aou])e', '\1', 'g'),
        'dt', 't'), 'th', 't'), 'ph', 'f'), 'ck', 'k'), 'tz', 'z'),
      'd\M', 't', 'g'), 'ei', 'ai'), '([a-z])\1+', '\1', 'g')
$$;

CREATE OR REPLACE FUNCTION case_number_sort_key(p_number text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog AS $$
DECLARE
  rest text := p_number;
  run text;
  digits text;
  sort_key text := '';
BEGIN
  WHILE rest <> '' LOOP
    run := substring(rest FROM '^[0-9]+');
    IF run IS NULL THEN
      run := substring(rest FROM '^[^0-9]+');
      sort_key := sort_key || run;
    ELSE
      digits := ltrim(run, '0');
      sort_key := sort_key || lpad(length(digits)::text, 2, '0') || digits;
    END IF;
    rest := substr(rest, length(run) + 1);
  END LOOP;
  RETURN sort_key;
END
$$;
