-- Printed letters (issue 13): a message that goes by post instead of a mailbox. The letter is a
-- PDF filed as a case attachment (kind 'letter'; blob GC already counts attachments.sha256), the
-- message points at it, and the caseworker's confirmation "per Post versandt am <date>" is kept
-- as a date. Runs unchanged on PGlite and PostgreSQL.
ALTER TABLE messages ADD COLUMN letter_attachment_id uuid REFERENCES attachments(id);
ALTER TABLE messages ADD COLUMN posted_on date;
ALTER TABLE messages ADD COLUMN posted_by_name text;
-- A letter always has its document, and only a letter has a posting date.
ALTER TABLE messages ADD CONSTRAINT messages_letter_document
  CHECK ((channel = 'letter') = (letter_attachment_id IS NOT NULL) OR direction = 'in');
ALTER TABLE messages ADD CONSTRAINT messages_posted_only_letters
  CHECK (posted_on IS NULL OR channel = 'letter');
