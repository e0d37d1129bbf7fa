-- Notes (Notizen) and follow-ups (Wiedervorlagen) on cases. Runs on PGlite and PostgreSQL.
-- Both are tenant-owned and restricted by the same tenant_isolation policy as every other table.
-- Notes are soft-deleted (deleted_at): a deleted note disappears from lists and search; the case
-- history keeps only the fact and the note's id, never its text (see docs/decisions/0004-notes-and-follow-ups.md).

CREATE TABLE notes (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  author_id uuid NOT NULL REFERENCES users(id),
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  -- German stemming ("Rückrufe" finds "Rückruf") plus 'simple' tokens for prefix queries, as for cases.
  search_vector tsvector GENERATED ALWAYS AS (
    to_tsvector('german', body) || to_tsvector('simple', body)
  ) STORED
);
-- The notes of a case, oldest first.
CREATE INDEX notes_by_case ON notes (tenant_id, case_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX notes_search ON notes USING gin (search_vector) WHERE deleted_at IS NULL;

CREATE TABLE follow_ups (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  owner_id uuid NOT NULL REFERENCES users(id),
  due_date date NOT NULL,
  subject text NOT NULL,
  description text NOT NULL DEFAULT '',
  done_at timestamptz,
  done_by uuid REFERENCES users(id),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
-- "My open follow-ups by due date".
CREATE INDEX follow_ups_owner_open ON follow_ups (tenant_id, owner_id, due_date, id) WHERE done_at IS NULL;
-- "My completed follow-ups", newest first.
CREATE INDEX follow_ups_owner_done ON follow_ups (tenant_id, owner_id, done_at DESC) WHERE done_at IS NOT NULL;
-- "Next open follow-up per case" (inbox column) and "cases with an overdue follow-up" (inbox filter).
CREATE INDEX follow_ups_case_open ON follow_ups (tenant_id, case_id, due_date) WHERE done_at IS NULL;
CREATE INDEX follow_ups_open_due ON follow_ups (tenant_id, due_date, case_id) WHERE done_at IS NULL;
-- All follow-ups of a case (the panel in the case detail).
CREATE INDEX follow_ups_by_case ON follow_ups (tenant_id, case_id, created_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['notes', 'follow_ups']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

-- Notes are edited and soft-deleted, never removed by the app; follow-ups are edited and completed.
GRANT SELECT, INSERT, UPDATE ON notes, follow_ups TO amtsdesk_app;

-- Full-text search, second version: a case is also found by a word of one of its (not deleted)
-- notes. Same signature, same tenant check as 0002's version, which it replaces.
CREATE OR REPLACE FUNCTION case_search(p_text text, p_prefix text, p_like text)
  RETURNS TABLE (id uuid)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF current_tenant_id() IS NULL THEN RETURN; END IF;
  RETURN QUERY EXECUTE
    'SELECT c.id FROM cases c WHERE c.tenant_id = $1 AND (
       c.search_vector @@ websearch_to_tsquery(''german'', $2)
       OR ($3 IS NOT NULL AND c.search_vector @@ to_tsquery(''simple'', $3))
       OR lower(c.case_number) LIKE $4 OR lower(c.applicant_name) LIKE $4)
     UNION
     SELECT n.case_id FROM notes n WHERE n.tenant_id = $1 AND n.deleted_at IS NULL AND (
       n.search_vector @@ websearch_to_tsquery(''german'', $2)
       OR ($3 IS NOT NULL AND n.search_vector @@ to_tsquery(''simple'', $3)))'
    USING current_tenant_id(), p_text, p_prefix, p_like;
END $$;
REVOKE ALL ON FUNCTION case_search(text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION case_search(text, text, text) TO amtsdesk_app;
