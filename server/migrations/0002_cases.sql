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
