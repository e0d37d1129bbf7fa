-- Delegated transactions (decision 0031) work as their own role, amtsdesk_delegate, and the
-- restrictive delegation policies of 0057/0064 (and later ones) apply to that role alone.
--
-- Why (decision 0034): as restrictive policies for every role, their condition
-- `(SELECT delegated_case_id()) IS NULL OR id = …` was part of every ordinary desk query. PostgreSQL
-- estimates an IS NULL test on an unknown parameter at 0.5 %, so it believed every inbox filter 200
-- times more selective than it is and sorted all matching cases instead of walking an index for 51
-- rows: at 1,000,000 cases an inbox page cost 385 ms of PostgreSQL CPU instead of < 50 ms
-- (docs/performance.md, run E). Confined to the delegate role, ordinary plans are as before 0057.
--
-- The confinement stays enforced by the database: delegation_enter() — the only way into another
-- tenant's case — can be executed by amtsdesk_delegate alone, so a transaction that entered a case
-- runs under the restrictive policies until it ends (SET LOCAL ROLE).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'amtsdesk_delegate') THEN
    CREATE ROLE amtsdesk_delegate NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- a parallel migration created it
END $$;

-- The delegate has the app role's privileges; the tenant isolation policies (for every role) apply.
GRANT amtsdesk_app TO amtsdesk_delegate;

-- Whoever may become amtsdesk_app (the runtime login) may also become amtsdesk_delegate. Where the
-- migrating role may not grant it, the operator does (docs/operations.md); until then delegated
-- work fails closed ("permission denied to set role").
DO $$
DECLARE r text;
BEGIN
  FOR r IN SELECT m.rolname FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
           WHERE g.rolname = 'amtsdesk_app' AND m.rolname <> 'amtsdesk_delegate'
  LOOP
    BEGIN
      EXECUTE format('GRANT amtsdesk_delegate TO %I', r);
    EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'amtsdesk_delegate: grant it to % yourself', r;
    END;
  END LOOP;
END $$;

-- Every restrictive delegation policy, whichever migration created it, now applies to the delegate only.
DO $$
DECLARE p record;
BEGIN
  FOR p IN SELECT tablename, policyname, qual, with_check FROM pg_policies
           WHERE schemaname = 'public' AND permissive = 'RESTRICTIVE' AND policyname IN ('delegation_scope', 'delegation_closed')
  LOOP
    EXECUTE format('DROP POLICY %I ON %I', p.policyname, p.tablename);
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE TO amtsdesk_delegate USING (%s) WITH CHECK (%s)',
                   p.policyname, p.tablename, p.qual, coalesce(p.with_check, p.qual));
  END LOOP;
END $$;

-- Entering another tenant's case is the delegate's alone.
REVOKE EXECUTE ON FUNCTION delegation_enter(uuid) FROM PUBLIC, amtsdesk_app;
GRANT EXECUTE ON FUNCTION delegation_enter(uuid) TO amtsdesk_delegate;
