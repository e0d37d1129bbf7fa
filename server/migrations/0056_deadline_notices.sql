-- Deadline notices (issue #18 item 1): the desk tells the assignee of a case, and whoever stands in
-- for them today, a number of working days before the due day ('deadline.soon') and on it
-- ('deadline.due'; also when the job first sees the case after the day has passed). The
-- notifications table already holds one row per (user, case, kind), which makes the job
-- idempotent: a second run, or a second instance, adds nothing.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN ('case.new', 'deadline.soon', 'deadline.due'));
