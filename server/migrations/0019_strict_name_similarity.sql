-- Similar names match word by word. 0015 compared each query word with the applicant's name key by
-- word_similarity (`<%`), whose best extent may span two words of the name: "Maier" matched
-- "Becker, Malte" ("…er" + "Ma…" hold half of its trigrams). strict_word_similarity (`<<%`) only
-- compares whole words; Maier ~ Meier and typos such as Hofman ~ Hoffmann still match (the spelling
-- key makes them near-identical words). It never exceeds word_similarity, so the walk's substring
-- pre-test stays a necessary condition. Patched in place like 0016, so later changes to the
-- function bodies are kept; fails loudly if the expected fragments are missing.
DO $migration$
DECLARE
  fn record;
  body text;
  fragments text[][];
BEGIN
  FOR fn IN SELECT p.oid::regprocedure AS id, p.proname FROM pg_proc p
      JOIN pg_namespace s ON s.oid = p.pronamespace
      WHERE p.proname IN ('case_search', 'case_search_page') AND s.nspname = 'public' LOOP
    body := pg_get_functiondef(fn.id);
    IF fn.proname = 'case_search' THEN
      fragments := ARRAY[['<%% c.applicant_name_key', '<<%% c.applicant_name_key'], ['word_similarity_threshold', 'strict_word_similarity_threshold']];
    ELSE
      fragments := ARRAY[['<%%%% c.applicant_name_key', '<<%%%% c.applicant_name_key'], ['word_similarity_threshold', 'strict_word_similarity_threshold']];
    END IF;
    FOR i IN 1 .. array_length(fragments, 1) LOOP
      IF position(fragments[i][1] IN body) = 0 THEN
        RAISE EXCEPTION '0019: %() has no fragment "%"; adapt this migration', fn.proname, fragments[i][1];
      END IF;
      body := replace(body, fragments[i][1], fragments[i][2]);
    END LOOP;
    EXECUTE body;
  END LOOP;
END
$migration$;
