-- B's desk of delegated cases filters by the caseworker's org units in the database, before the
-- limit. Until now the function returned the newest grants and the application dropped those of
-- other units afterwards, so a caseworker scoped to one unit could get an empty or short list while
-- grants for their unit existed further down.
-- Agreements are valid on German calendar days (why: migration 0069, which moves the other checks to this day).
CREATE FUNCTION berlin_today() RETURNS date
  LANGUAGE sql STABLE AS $$ SELECT (now() AT TIME ZONE 'Europe/Berlin')::date $$;
GRANT EXECUTE ON FUNCTION berlin_today() TO amtsdesk_app;

DROP FUNCTION delegated_cases(integer);
CREATE FUNCTION delegated_cases(p_limit integer, p_units uuid[])
  RETURNS TABLE (case_id uuid, owner_tenant_id uuid, owner_name text, case_number text, title text, status text,
                 applicant_name text, received_at timestamptz, due_on date, grantee_org_unit_id uuid, kind text, granted_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT c.id, c.tenant_id, t.name, c.case_number, c.title, c.status, c.applicant_name, c.received_at, c.due_on,
           g.grantee_org_unit_id, a.kind, g.granted_at
    FROM case_grants g
    JOIN delegation_agreements a ON a.id = g.agreement_id
    JOIN cases c ON c.id = g.case_id AND c.tenant_id = g.tenant_id
    JOIN tenants t ON t.id = g.tenant_id
    WHERE g.grantee_tenant_id = current_tenant_id() AND g.revoked_at IS NULL
      AND nullif(current_setting('app.delegated_case_id', true), '') IS NULL
      AND a.status = 'accepted' AND berlin_today() >= a.valid_from AND (a.valid_until IS NULL OR berlin_today() <= a.valid_until)
      -- A person scoped to org units sees the grants for those units and grants without a unit.
      AND (cardinality(p_units) = 0 OR g.grantee_org_unit_id IS NULL OR g.grantee_org_unit_id = ANY (p_units))
    ORDER BY g.granted_at DESC, c.id
    LIMIT least(greatest(p_limit, 1), 500)
  $$;
REVOKE ALL ON FUNCTION delegated_cases(integer, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION delegated_cases(integer, uuid[]) TO amtsdesk_app;
