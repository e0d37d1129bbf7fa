-- Help between municipalities (decision 0031), for the tables created after 0057: inside a
-- delegated transaction (B working on one granted case of A) every row of A that belongs to a case
-- belongs to THIS case. 0057 gave the restrictive delegation_scope policy to the case tables of its
-- time; this gives it to every later one (case_participants, processor_runs, register_queries, and
-- any table with tenant_id, case_id and row-level security that still lacks it), found in the
-- catalogue as 0057 did. A later migration adding such a table adds the policy itself; the test
-- server/src/delegation/scope.test.ts fails otherwise.
DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace AND k.relrowsecurity
    WHERE c.table_schema = 'public' AND c.column_name = 'case_id'
      AND EXISTS (SELECT 1 FROM information_schema.columns x WHERE x.table_schema = 'public' AND x.table_name = c.table_name AND x.column_name = 'tenant_id')
      AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.table_name AND p.policyname = 'delegation_scope')
  LOOP
    EXECUTE format('CREATE POLICY delegation_scope ON %I AS RESTRICTIVE '
                   'USING ((SELECT delegated_case_id()) IS NULL OR case_id = (SELECT delegated_case_id())) '
                   'WITH CHECK ((SELECT delegated_case_id()) IS NULL OR case_id = (SELECT delegated_case_id()))', t);
  END LOOP;
END $$;

-- What is shared with a participant has no case_id of its own: it belongs to the case of its
-- participant, and case_participants is itself confined to the delegated case.
CREATE POLICY delegation_scope ON participant_shares AS RESTRICTIVE
  USING ((SELECT delegated_case_id()) IS NULL OR EXISTS (SELECT 1 FROM case_participants p WHERE p.id = participant_id))
  WITH CHECK ((SELECT delegated_case_id()) IS NULL OR EXISTS (SELECT 1 FROM case_participants p WHERE p.id = participant_id));

-- Tenant-wide configuration that case work never needs and that holds secrets (processor HMAC
-- secrets, the staff sign-in provider and its group mappings): closed to a delegated transaction.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['processors', 'staff_oidc_providers', 'staff_oidc_mappings']
  LOOP
    EXECUTE format('CREATE POLICY delegation_closed ON %I AS RESTRICTIVE '
                   'USING ((SELECT delegated_case_id()) IS NULL) WITH CHECK ((SELECT delegated_case_id()) IS NULL)', t);
  END LOOP;
END $$;
