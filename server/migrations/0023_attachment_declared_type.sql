-- Untrusted files (issue #12): every attachment keeps what the sender claimed next to what the
-- content is. mime_type has always been the type sniffed from the bytes; declared_mime_type is the
-- sender's claim (multipart part header, SOAP contentType, FIT-Connect metadata), NULL where none
-- was given or the file is our own (decision PDFs). Existing rows stay NULL: the claim was never kept.
ALTER TABLE attachments ADD COLUMN declared_mime_type text;
