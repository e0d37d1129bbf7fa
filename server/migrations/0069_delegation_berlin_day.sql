-- Agreements are valid from and until German calendar days (the form offers "today" in Berlin,
-- server/src/deadlines/calendar.ts berlinDay()). The checks compared with the day of the database
-- session's time zone (UTC on most servers): between midnight in Germany and midnight UTC an
-- agreement starting "today" was not valid yet, and one ending yesterday was still valid. The other three
-- functions that check validity now count German days too (berlin_today(), migration 0068).

CREATE OR REPLACE FUNCTION case_grant_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF (NEW.tenant_id, NEW.case_id, NEW.agreement_id, NEW.grantee_tenant_id, NEW.grantee_org_unit_id)
       IS DISTINCT FROM (OLD.tenant_id, OLD.case_id, OLD.agreement_id, OLD.grantee_tenant_id, OLD.grantee_org_unit_id)
       OR (OLD.revoked_at IS NOT NULL AND NEW.revoked_at IS DISTINCT FROM OLD.revoked_at) THEN
      RAISE EXCEPTION 'case grant: only revocation' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF NOT EXISTS (
       SELECT 1 FROM delegation_agreements a
       WHERE a.id = NEW.agreement_id AND a.status = 'accepted'
         AND a.proposer_tenant_id = NEW.tenant_id AND a.acceptor_tenant_id = NEW.grantee_tenant_id
         AND berlin_today() >= a.valid_from AND (a.valid_until IS NULL OR berlin_today() <= a.valid_until))
     OR NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id AND c.tenant_id = NEW.tenant_id) THEN
    RAISE EXCEPTION 'case grant: no accepted agreement valid today' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION delegation_route_new_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_grants (id, tenant_id, case_id, agreement_id, grantee_tenant_id, grantee_org_unit_id, granted_by_name)
  SELECT gen_random_uuid(), n.tenant_id, n.id, a.id, a.acceptor_tenant_id, a.acceptor_org_unit_id, 'Eingang (Vereinbarung)'
  FROM inserted_cases n
  CROSS JOIN LATERAL (
    SELECT a.id, a.acceptor_tenant_id, a.acceptor_org_unit_id FROM delegation_agreements a
    WHERE a.proposer_tenant_id = n.tenant_id AND a.service_id = n.service_id AND a.status = 'accepted'
      AND berlin_today() >= a.valid_from AND (a.valid_until IS NULL OR berlin_today() <= a.valid_until)
    ORDER BY a.accepted_at LIMIT 1) a;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION delegation_lookup(p_case uuid)
  RETURNS TABLE (owner_tenant_id uuid, owner_name text, acting_name text, grantee_org_unit_id uuid, agreement_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT g.tenant_id, t.name, (SELECT me.name FROM tenants me WHERE me.id = current_tenant_id()), g.grantee_org_unit_id, g.agreement_id
    FROM case_grants g
    JOIN delegation_agreements a ON a.id = g.agreement_id
    JOIN tenants t ON t.id = g.tenant_id
    WHERE g.case_id = p_case AND g.grantee_tenant_id = current_tenant_id() AND g.revoked_at IS NULL
      AND a.status = 'accepted' AND berlin_today() >= a.valid_from AND (a.valid_until IS NULL OR berlin_today() <= a.valid_until)
      AND nullif(current_setting('app.delegated_case_id', true), '') IS NULL
    LIMIT 1
  $$;
