-- Cases: full-text search and the remaining inbox sort orders. Runs on PGlite and PostgreSQL.
-- The search vector is a generated column, so it can never drift from the row it describes:
--   german stemming over title, applicant name and every stringValue of the form data tree
--   ("Bäume" is found by "Baum"), plus 'simple' tokens of the case number parts and the applicant
--   name for prefix queries ("2026-000", "Müll").
ALTER TABLE cases ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', regexp_replace(case_number, '[^[:alnum:]]+', ' ', 'g')), 'A')
  || setweight(to_tsvector('simple', applicant_name), 'A')
  || setweight(to_tsvector('german', title || ' ' || applicant_name), 'B')
  || setweight(jsonb_to_tsvector('german', jsonb_path_query_array(form_data, 'strict $.**.stringValue'), '["string"]'), 'C')
) STORED;

CREATE INDEX cases_search ON cases USING gin (search_vector);
-- Prefix matching (ILIKE 'x%') on case number and applicant name without trigram support.
CREATE INDEX cases_number_prefix ON cases (tenant_id, lower(case_number) text_pattern_ops);
CREATE INDEX cases_applicant_prefix ON cases (tenant_id, lower(applicant_name) text_pattern_ops);
CREATE INDEX cases_by_update ON cases (tenant_id, updated_at DESC, id DESC);
CREATE INDEX cases_by_number ON cases (tenant_id, case_number DESC, id DESC);

-- Full-text search under row-level security: PostgreSQL may only use an index for a condition
-- whose operator is LEAKPROOF when the table has a security policy, and neither @@ nor LIKE is.
-- This definer function (owned by the migrating superuser, so the GIN and prefix indexes are
-- usable) applies the same tenant restriction itself: only the current transaction's tenant.
-- EXECUTE plans with the actual values, so the LIKE prefix can use the text_pattern_ops indexes.
CREATE FUNCTION case_search(p_text text, p_prefix text, p_like text)
  RETURNS TABLE (id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF current_tenant_id() IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE
    'SELECT c.id FROM cases c WHERE c.tenant_id = $1 AND (
       c.search_vector @@ websearch_to_tsquery(''german'', $2)
       OR ($3 IS NOT NULL AND c.search_vector @@ to_tsquery(''simple'', $3))
       OR lower(c.case_number) LIKE $4 OR lower(c.applicant_name) LIKE $4)'
    USING current_tenant_id(), p_text, p_prefix, p_like;
END $$;
REVOKE ALL ON FUNCTION case_search(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_search(text, text, text) TO amtsdesk_app;
