-- The Antragsraum (issue #18 item 4): people besides the applicant who take part in a case — a
-- representative (lawyer, tax adviser, architect), a co-applicant, or another authority asked for a
-- statement (Stellungnahme). They sign in through the citizen portal and see only what a caseworker
-- shared with them, item by item (server/src/participants, docs/collaboration.md „Antragsraum“).
CREATE TABLE case_participants (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- Cascade: a purged case (purge_case_records, 0039) takes its participants and their shares with it.
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('representative', 'co_applicant', 'authority')),
  -- Representatives only: what kind of representative.
  profession text CHECK (profession IN ('lawyer', 'tax_adviser', 'architect', 'other')),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  -- How they sign in: a one-time e-mail link to this address, or the portal's OIDC with this mailbox identifier.
  email text CHECK (char_length(email) <= 320),
  mailbox_identifier text CHECK (char_length(mailbox_identifier) <= 200),
  invited_by uuid,
  invited_by_name text NOT NULL,
  invited_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  revoked_by_name text,
  -- A statement asked for by a date; tracked like a deadline (overdue once the day has passed unanswered).
  statement_due_on date,
  statement_note text CHECK (char_length(statement_note) <= 2000),
  statement_requested_at timestamptz,
  statement_received_at timestamptz,
  statement_message_id uuid,
  last_access_at timestamptz,
  CHECK (email IS NOT NULL OR mailbox_identifier IS NOT NULL),
  CHECK (profession IS NULL OR role = 'representative')
);
CREATE INDEX case_participants_case ON case_participants (tenant_id, case_id);
CREATE INDEX case_participants_email ON case_participants (tenant_id, lower(email)) WHERE revoked_at IS NULL;
CREATE INDEX case_participants_mailbox ON case_participants (tenant_id, mailbox_identifier) WHERE revoked_at IS NULL;
-- One active invitation per address and case.
CREATE UNIQUE INDEX case_participants_one_email ON case_participants (tenant_id, case_id, lower(email)) WHERE revoked_at IS NULL AND email IS NOT NULL;
CREATE UNIQUE INDEX case_participants_one_mailbox ON case_participants (tenant_id, case_id, mailbox_identifier) WHERE revoked_at IS NULL AND mailbox_identifier IS NOT NULL;
ALTER TABLE case_participants ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_participants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON case_participants USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON case_participants TO amtsdesk_app;

-- What a participant may see: one row per shared message (with its files) or case document.
CREATE TABLE participant_shares (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  participant_id uuid NOT NULL REFERENCES case_participants(id) ON DELETE CASCADE,
  item_kind text NOT NULL CHECK (item_kind IN ('message', 'attachment')),
  item_id uuid NOT NULL,
  shared_by_name text NOT NULL,
  shared_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, participant_id, item_kind, item_id)
);
ALTER TABLE participant_shares ENABLE ROW LEVEL SECURITY;
ALTER TABLE participant_shares FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON participant_shares USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, DELETE ON participant_shares TO amtsdesk_app;

-- A participant's reply or statement is a message of the case on channel 'participant' (never shown
-- to the applicant, whose portal lists channel 'portal' only), naming who wrote it.
ALTER TABLE messages ADD COLUMN participant_id uuid REFERENCES case_participants(id);

-- Minimum trust level (STORK-QAA 1–4) a participant's portal sign-in needs for cases of a service.
-- NULL or 1: an e-mail link suffices; 2–4: a user-account (OIDC) sign-in with at least that level.
ALTER TABLE services ADD COLUMN participant_trust_level smallint CHECK (participant_trust_level BETWEEN 1 AND 4);

-- Participants read cases through the portal: their reads go into the access log under their own kind.
ALTER TABLE access_log DROP CONSTRAINT access_log_actor_kind_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_actor_kind_check CHECK (actor_kind IN ('user', 'token', 'client', 'participant'));

-- A sign-in link is sent to an address that holds an application OR an active participation.
CREATE OR REPLACE FUNCTION portal_tenants_of_email(p_email text)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT c.tenant_id FROM cases c WHERE lower(c.applicant->>'email') = lower(p_email)
    UNION
    SELECT p.tenant_id FROM case_participants p WHERE lower(p.email) = lower(p_email) AND p.revoked_at IS NULL
  $$;
