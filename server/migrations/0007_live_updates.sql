-- Live updates: every history event of a case is announced on the channel "amtsdesk_live".
-- pg_notify is transactional: the notice leaves the database only when the transaction that wrote
-- the event commits (nothing for a rollback), and it reaches every server instance that LISTENs —
-- on PostgreSQL across processes, on PGlite within the one process. Because it hangs on the
-- append-only event table, every way a case changes (desk actions, intake, notes, mailbox,
-- decisions …) is covered without each module having to remember to publish.
-- The payload carries ids only plus the actor's display name (for "changed by …"); it never carries
-- case content. Mass imports (benchmarks) can skip it per transaction:
--   select set_config('amtsdesk.live_updates', 'off', true);
CREATE FUNCTION live_notify_case_event() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  unit uuid;
BEGIN
  IF NEW.case_id IS NULL OR coalesce(current_setting('amtsdesk.live_updates', true), '') = 'off' THEN
    RETURN NULL;
  END IF;
  SELECT c.org_unit_id INTO unit FROM cases c WHERE c.id = NEW.case_id AND c.tenant_id = NEW.tenant_id;
  PERFORM pg_notify('amtsdesk_live', json_build_object(
    'tenantId', NEW.tenant_id,
    'caseId', NEW.case_id,
    'eventType', NEW.type,
    'orgUnitId', unit,
    'previousOrgUnitId', NEW.data #>> '{orgUnit,from,id}',
    'actorId', NEW.actor_id,
    'actorName', NEW.actor_name
  )::text);
  RETURN NULL;
END $$;

CREATE TRIGGER case_events_live AFTER INSERT ON case_events
  FOR EACH ROW EXECUTE FUNCTION live_notify_case_event();
