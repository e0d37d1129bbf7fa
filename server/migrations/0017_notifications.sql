-- In-app notifications (Benachrichtigungen) per person, and the FIT-Connect signing key.
--
-- A notification tells one user about one thing (today: a new case in one of their org units).
-- Rows are written by the outbox worker when it delivers the 'case.created' domain event, never by
-- the intake transaction. One notification per (user, case, kind): a repeated fan-out adds nothing.
-- The person marks it read (read_at); nothing else changes, nothing is deleted by the app.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL CHECK (kind IN ('case.new')),
  case_id uuid NOT NULL REFERENCES cases(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (user_id, case_id, kind)
);
-- "My latest notifications" (keyset on the time-ordered UUIDv7 id) and "how many unread".
CREATE INDEX notifications_latest ON notifications (tenant_id, user_id, id DESC);
CREATE INDEX notifications_unread ON notifications (tenant_id, user_id) WHERE read_at IS NULL;

ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE notifications FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notifications USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());

GRANT SELECT, INSERT, UPDATE ON notifications TO amtsdesk_app;

-- Live: a new notification is announced on the live channel (0007) on commit, addressed to its
-- user; the payload carries ids only.
CREATE FUNCTION live_notify_notification() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('amtsdesk_live', json_build_object(
    'tenantId', NEW.tenant_id,
    'caseId', NEW.case_id,
    'eventType', 'notification.created',
    'userId', NEW.user_id,
    'actorName', ''
  )::text);
  RETURN NULL;
END $$;

CREATE TRIGGER notifications_live AFTER INSERT ON notifications
  FOR EACH ROW EXECUTE FUNCTION live_notify_notification();

-- FIT-Connect: the private key (JWK, PS512) with which the destination signs the Security Event
-- Tokens that accept or reject a submission. Optional: without it, callbacks wait in the outbox.
ALTER TABLE fit_connect_destinations ADD COLUMN signing_jwk jsonb;
