-- Tasks inside a case (Aufgaben, issue #18 item 5): a caseworker asks a colleague or another org
-- unit for a check (Prüfung) or a co-signature (Mitzeichnung), with a due day and an outcome
-- (server/src/tasks, docs/collaboration.md „Aufgaben“). Creating, completing and cancelling each
-- append a case event; the instruction text stays here, the history names only kind and assignee.
CREATE TABLE case_tasks (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  -- Cascade: a purged case (purge_case_records, 0039) takes its tasks with it.
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('check', 'co_signature', 'other')),
  instruction text NOT NULL CHECK (char_length(instruction) BETWEEN 1 AND 2000),
  -- Exactly one assignee: a person or an org unit (then anyone of that unit may complete it).
  assignee_user_id uuid REFERENCES users(id),
  assignee_org_unit_id uuid REFERENCES org_units(id),
  due_on date NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
  -- check: approved / objection; co_signature: cosigned / refused; other: done.
  outcome text CHECK (outcome IN ('approved', 'objection', 'cosigned', 'refused', 'done')),
  outcome_comment text CHECK (char_length(outcome_comment) <= 2000),
  created_by uuid REFERENCES users(id),
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_by uuid REFERENCES users(id),
  closed_by_name text,
  closed_at timestamptz,
  CHECK ((assignee_user_id IS NULL) <> (assignee_org_unit_id IS NULL)),
  CHECK ((state = 'done') = (outcome IS NOT NULL)),
  CHECK ((state = 'open') = (closed_at IS NULL))
);
CREATE INDEX case_tasks_case ON case_tasks (tenant_id, case_id);
-- „Meine Aufgaben“: open tasks of a person or of their units, by due day.
CREATE INDEX case_tasks_open_user ON case_tasks (tenant_id, assignee_user_id, due_on) WHERE state = 'open' AND assignee_user_id IS NOT NULL;
CREATE INDEX case_tasks_open_unit ON case_tasks (tenant_id, assignee_org_unit_id, due_on) WHERE state = 'open' AND assignee_org_unit_id IS NOT NULL;
ALTER TABLE case_tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE case_tasks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON case_tasks USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
-- Inside a delegated transaction (decision 0031) only the tasks of the granted case (as 0057/0064).
CREATE POLICY delegation_scope ON case_tasks AS RESTRICTIVE
  USING ((SELECT delegated_case_id()) IS NULL OR case_id = (SELECT delegated_case_id()))
  WITH CHECK ((SELECT delegated_case_id()) IS NULL OR case_id = (SELECT delegated_case_id()));
GRANT SELECT, INSERT, UPDATE ON case_tasks TO amtsdesk_app;

-- Per service: a decision may only be sent once every task of the case is closed.
ALTER TABLE decision_service_settings ADD COLUMN requires_tasks_done boolean NOT NULL DEFAULT false;

-- A task assigned to a person, or to a unit they belong to, is announced in the desk.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('case.new', 'deadline.soon', 'deadline.due', 'task.assigned'));
