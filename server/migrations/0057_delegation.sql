-- Help between municipalities (issue #18 item 3, decision 0031): delegation agreements and case grants.
--
-- An agreement is proposed by the owning tenant A (proposer) and accepted by the helping tenant B
-- (acceptor). kind 'service': B handles A's service S (new cases of S get a grant for B's org unit at
-- once, by the trigger below); kind 'assistance': A's caseworkers may share single cases with B.
-- The case and everything written on it stay A's rows (tenant_id = A): retention, export and
-- history stay A's. B reaches a case only by a case_grants row of A under an accepted agreement
-- that is valid today: delegation_enter() checks that and only then switches the transaction to A,
-- restricted by the restrictive delegation_scope policies to that one case.
CREATE TABLE delegation_agreements (
  id uuid PRIMARY KEY,
  proposer_tenant_id uuid NOT NULL REFERENCES tenants(id),
  acceptor_tenant_id uuid NOT NULL REFERENCES tenants(id),
  kind text NOT NULL CHECK (kind IN ('service', 'assistance')),
  service_id uuid REFERENCES services(id),
  -- The proposer's name of the service, for the acceptor (who cannot read A's services).
  service_name text,
  acceptor_org_unit_id uuid REFERENCES org_units(id),
  acceptor_org_unit_name text,
  valid_from date NOT NULL,
  valid_until date,
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'revoked')),
  note text CHECK (char_length(note) <= 500),
  proposed_by_name text NOT NULL,
  proposed_at timestamptz NOT NULL DEFAULT now(),
  accepted_by_name text,
  accepted_at timestamptz,
  revoked_by_name text,
  revoked_by_tenant_id uuid,
  revoked_at timestamptz,
  CHECK (proposer_tenant_id <> acceptor_tenant_id),
  CHECK ((kind = 'service') = (service_id IS NOT NULL)),
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE INDEX delegation_agreements_proposer ON delegation_agreements (proposer_tenant_id, status);
CREATE INDEX delegation_agreements_acceptor ON delegation_agreements (acceptor_tenant_id, status);
CREATE INDEX delegation_agreements_service ON delegation_agreements (proposer_tenant_id, service_id) WHERE status = 'accepted';
ALTER TABLE delegation_agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE delegation_agreements FORCE ROW LEVEL SECURITY;
-- Both sides see and change their agreements; what a change may be is the trigger's business.
CREATE POLICY both_sides ON delegation_agreements
  USING (proposer_tenant_id = current_tenant_id() OR acceptor_tenant_id = current_tenant_id())
  WITH CHECK (proposer_tenant_id = current_tenant_id() OR acceptor_tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON delegation_agreements TO amtsdesk_app;

-- The state machine lives in the database, so a bug on one side cannot widen an agreement:
-- only the proposer inserts (as 'proposed'); parties, kind, service and dates never change;
-- only the acceptor accepts (and names its org unit); either side revokes; revoked is final.
CREATE FUNCTION delegation_agreement_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.proposer_tenant_id IS DISTINCT FROM current_tenant_id() OR NEW.status <> 'proposed' THEN
      RAISE EXCEPTION 'delegation agreement: only the proposer proposes' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.proposer_tenant_id, NEW.acceptor_tenant_id, NEW.kind, NEW.service_id, NEW.valid_from, NEW.valid_until)
     IS DISTINCT FROM (OLD.proposer_tenant_id, OLD.acceptor_tenant_id, OLD.kind, OLD.service_id, OLD.valid_from, OLD.valid_until) THEN
    RAISE EXCEPTION 'delegation agreement: terms are fixed' USING ERRCODE = '42501';
  END IF;
  IF OLD.status = 'revoked'
     OR (NEW.status = 'accepted' AND (OLD.status <> 'proposed' OR current_tenant_id() IS DISTINCT FROM OLD.acceptor_tenant_id))
     OR (NEW.status = 'proposed' AND OLD.status <> 'proposed')
     OR (NEW.acceptor_org_unit_id IS DISTINCT FROM OLD.acceptor_org_unit_id AND current_tenant_id() IS DISTINCT FROM OLD.acceptor_tenant_id) THEN
    RAISE EXCEPTION 'delegation agreement: transition not allowed' USING ERRCODE = '42501';
  END IF;
  -- Checked when the acceptor names it (in its own context; the proposer cannot see B's units).
  IF NEW.acceptor_org_unit_id IS DISTINCT FROM OLD.acceptor_org_unit_id AND NEW.acceptor_org_unit_id IS NOT NULL AND NOT EXISTS (
       SELECT 1 FROM org_units u WHERE u.id = NEW.acceptor_org_unit_id AND u.tenant_id = NEW.acceptor_tenant_id) THEN
    RAISE EXCEPTION 'delegation agreement: org unit of another tenant' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER delegation_agreement_guard BEFORE INSERT OR UPDATE ON delegation_agreements
  FOR EACH ROW EXECUTE FUNCTION delegation_agreement_guard();

-- A grant: owned by A (tenant_id), names the case, the helping tenant and its org unit.
CREATE TABLE case_grants (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  agreement_id uuid NOT NULL REFERENCES delegation_agreements(id),
  grantee_tenant_id uuid NOT NULL REFERENCES tenants(id),
  grantee_org_unit_id uuid REFERENCES org_units(id),
  granted_by_name text NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE UNIQUE INDEX case_grants_open ON case_grants (case_id, grantee_tenant_id) WHERE revoked_at IS NULL;
CREATE INDEX case_grants_grantee ON case_grants (grantee_tenant_id, granted_at DESC) WHERE revoked_at IS NULL;
CREATE INDEX case_grants_agreement ON case_grants (agreement_id);
ALTER TABLE case_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_grants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON case_grants USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON case_grants TO amtsdesk_app;

-- A grant needs an accepted agreement of its owner with the grantee, valid today, and a case of the owner.
CREATE FUNCTION case_grant_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
         AND current_date >= a.valid_from AND (a.valid_until IS NULL OR current_date <= a.valid_until))
     OR NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = NEW.case_id AND c.tenant_id = NEW.tenant_id) THEN
    RAISE EXCEPTION 'case grant: no accepted agreement valid today' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_grant_guard BEFORE INSERT OR UPDATE ON case_grants FOR EACH ROW EXECUTE FUNCTION case_grant_guard();

-- Intake for a service handled by another municipality: the new case (A's row) gets its grant for
-- B's org unit in the same transaction, whatever channel it came through.
CREATE FUNCTION delegation_route_new_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO case_grants (id, tenant_id, case_id, agreement_id, grantee_tenant_id, grantee_org_unit_id, granted_by_name)
  SELECT gen_random_uuid(), NEW.tenant_id, NEW.id, a.id, a.acceptor_tenant_id, a.acceptor_org_unit_id, 'Eingang (Vereinbarung)'
  FROM delegation_agreements a
  WHERE a.proposer_tenant_id = NEW.tenant_id AND a.service_id = NEW.service_id AND a.status = 'accepted'
    AND current_date >= a.valid_from AND (a.valid_until IS NULL OR current_date <= a.valid_until)
  ORDER BY a.accepted_at LIMIT 1;
  RETURN NULL;
END $$;
CREATE TRIGGER delegation_route_new_case AFTER INSERT ON cases FOR EACH ROW EXECUTE FUNCTION delegation_route_new_case();

-- The case a delegated transaction is confined to (NULL: an ordinary transaction of the tenant).
CREATE FUNCTION delegated_case_id() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.delegated_case_id', true), '')::uuid $$;

-- The one active grant of this case for the current tenant (the helper), or nothing.
CREATE FUNCTION delegation_lookup(p_case uuid)
  RETURNS TABLE (owner_tenant_id uuid, owner_name text, acting_name text, grantee_org_unit_id uuid, agreement_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT g.tenant_id, t.name, (SELECT me.name FROM tenants me WHERE me.id = current_tenant_id()), g.grantee_org_unit_id, g.agreement_id
    FROM case_grants g
    JOIN delegation_agreements a ON a.id = g.agreement_id
    JOIN tenants t ON t.id = g.tenant_id
    WHERE g.case_id = p_case AND g.grantee_tenant_id = current_tenant_id() AND g.revoked_at IS NULL
      AND a.status = 'accepted' AND current_date >= a.valid_from AND (a.valid_until IS NULL OR current_date <= a.valid_until)
      AND nullif(current_setting('app.delegated_case_id', true), '') IS NULL
    LIMIT 1
  $$;

-- Switches the current transaction of the helper B to the owner A, confined to this case, when and
-- only when an active grant exists. Returns the owner, or NULL (then nothing changed).
CREATE FUNCTION delegation_enter(p_case uuid) RETURNS uuid
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_acting uuid := current_tenant_id();
  v_owner uuid;
BEGIN
  IF v_acting IS NULL OR nullif(current_setting('app.delegated_case_id', true), '') IS NOT NULL THEN RETURN NULL; END IF;
  SELECT l.owner_tenant_id INTO v_owner FROM delegation_lookup(p_case) l;
  IF v_owner IS NULL THEN RETURN NULL; END IF;
  PERFORM set_config('app.acting_tenant_id', v_acting::text, true);
  PERFORM set_config('app.delegated_case_id', p_case::text, true);
  PERFORM set_config('app.tenant_id', v_owner::text, true);
  RETURN v_owner;
END $$;

-- B's desk: the cases granted to the current tenant now, with the owning municipality.
CREATE FUNCTION delegated_cases(p_limit integer)
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
      AND a.status = 'accepted' AND current_date >= a.valid_from AND (a.valid_until IS NULL OR current_date <= a.valid_until)
    ORDER BY g.granted_at DESC, c.id
    LIMIT least(greatest(p_limit, 1), 500)
  $$;

-- The partner municipality: an admin proposes by the partner's slug (public facts only); names of partners.
CREATE FUNCTION delegation_partner(p_slug text) RETURNS TABLE (id uuid, name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT t.id, t.name FROM tenants t WHERE t.slug = p_slug AND t.status = 'active' AND current_tenant_id() IS NOT NULL
  $$;
CREATE FUNCTION delegation_tenant_names(p_ids uuid[]) RETURNS TABLE (id uuid, name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT t.id, t.name FROM tenants t WHERE t.id = ANY(p_ids) AND EXISTS (
      SELECT 1 FROM delegation_agreements a
      WHERE (a.proposer_tenant_id = current_tenant_id() AND a.acceptor_tenant_id = t.id)
         OR (a.acceptor_tenant_id = current_tenant_id() AND a.proposer_tenant_id = t.id))
  $$;
REVOKE ALL ON FUNCTION delegation_lookup(uuid), delegation_enter(uuid), delegated_cases(integer), delegation_partner(text),
  delegation_tenant_names(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION delegation_lookup(uuid), delegation_enter(uuid), delegated_cases(integer), delegation_partner(text),
  delegation_tenant_names(uuid[]), delegated_case_id() TO amtsdesk_app;

-- Inside a delegated transaction every row of A that belongs to a case belongs to THIS case:
-- a restrictive policy on cases and on every tenant table with a case_id column (found in the
-- catalogue, so the tables of this migration's time are all covered). Tenant-wide personal data
-- that case work never needs is closed entirely.
CREATE POLICY delegation_scope ON cases AS RESTRICTIVE
  USING ((SELECT delegated_case_id()) IS NULL OR id = (SELECT delegated_case_id()))
  WITH CHECK ((SELECT delegated_case_id()) IS NULL OR id = (SELECT delegated_case_id()));
DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace AND k.relrowsecurity
    WHERE c.table_schema = 'public' AND c.column_name = 'case_id'
      AND EXISTS (SELECT 1 FROM information_schema.columns x WHERE x.table_schema = 'public' AND x.table_name = c.table_name AND x.column_name = 'tenant_id')
  LOOP
    EXECUTE format('CREATE POLICY delegation_scope ON %I AS RESTRICTIVE '
                   'USING ((SELECT delegated_case_id()) IS NULL OR case_id = (SELECT delegated_case_id())) '
                   'WITH CHECK ((SELECT delegated_case_id()) IS NULL OR case_id = (SELECT delegated_case_id()))', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['sessions', 'api_tokens', 'saved_views', 'notifications', 'absences', 'delegation_agreements',
                           'tenant_exports', 'erasure_requests', 'purge_orders', 'webhook_endpoints', 'routing_identifiers']
  LOOP
    IF to_regclass(t) IS NOT NULL THEN
      EXECUTE format('CREATE POLICY delegation_closed ON %I AS RESTRICTIVE '
                     'USING ((SELECT delegated_case_id()) IS NULL) WITH CHECK ((SELECT delegated_case_id()) IS NULL)', t);
    END IF;
  END LOOP;
END $$;
