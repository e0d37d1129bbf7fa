-- Deadlines (Bearbeitungsfristen) and deputies (Vertretung), issue #18 items 1 and 2.
--
-- A service may carry a processing time in working days (statutory or a target) and the mark that
-- the application counts as granted when it runs out (Genehmigungsfiktion, § 42a VwVfG). The
-- tenant picks the state whose public holidays count (the calendar is computed in
-- server/src/deadlines/calendar.ts, never fetched). Each new case gets its due day when it is
-- written; while a query to the applicant awaits its reply the deadline pauses (since
-- deadline_paused_on), and the reply moves due_on by the working days that passed.
ALTER TABLE services ADD COLUMN deadline_working_days integer CHECK (deadline_working_days BETWEEN 1 AND 1000);
ALTER TABLE services ADD COLUMN deadline_kind text NOT NULL DEFAULT 'target' CHECK (deadline_kind IN ('statutory', 'target'));
ALTER TABLE services ADD COLUMN deemed_approval boolean NOT NULL DEFAULT false;

ALTER TABLE cases ADD COLUMN due_on date;
ALTER TABLE cases ADD COLUMN deadline_paused_on date;
-- Where the due day had to move off a weekend or holiday (an extension to a chosen day): the day asked for.
ALTER TABLE cases ADD COLUMN due_requested_on date;
-- The inbox sorts by it with keyset paging (no NULLs in a row comparison): cases without a deadline last.
ALTER TABLE cases ADD COLUMN due_sort date GENERATED ALWAYS AS (coalesce(due_on, DATE '9999-12-31')) STORED;
CREATE INDEX cases_by_due ON cases (tenant_id, due_sort, id);

CREATE TABLE deadline_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  -- NULL: only the nine nationwide holidays count.
  holiday_state text CHECK (holiday_state IN ('BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by_name text NOT NULL
);
ALTER TABLE deadline_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE deadline_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON deadline_settings USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON deadline_settings TO amtsdesk_app;

-- Per person: how many working days before the due day the deadline notice comes (NULL: none
-- before; the notice on the day itself is always sent unless off).
CREATE TABLE deadline_notice_settings (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  days_before integer CHECK (days_before BETWEEN 1 AND 30),
  on_due_day boolean NOT NULL DEFAULT true,
  PRIMARY KEY (tenant_id, user_id)
);
ALTER TABLE deadline_notice_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE deadline_notice_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON deadline_notice_settings USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON deadline_notice_settings TO amtsdesk_app;

-- Absences (Abwesenheiten): while one runs, the deputy sees and works the absent person's cases.
CREATE TABLE absences (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  deputy_id uuid NOT NULL REFERENCES users(id),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  note text CHECK (char_length(note) <= 500),
  created_by uuid,
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz,
  CHECK (ends_on >= starts_on),
  CHECK (deputy_id <> user_id)
);
CREATE INDEX absences_of_user ON absences (tenant_id, user_id, starts_on) WHERE withdrawn_at IS NULL;
CREATE INDEX absences_of_deputy ON absences (tenant_id, deputy_id, starts_on) WHERE withdrawn_at IS NULL;
ALTER TABLE absences ENABLE ROW LEVEL SECURITY;
ALTER TABLE absences FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON absences USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON absences TO amtsdesk_app;
