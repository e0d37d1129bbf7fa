-- Blob garbage collection. Blobs are content-addressed and shared by all tenants, so a blob may be
-- deleted only when no row of ANY tenant names its hash. The collector asks this one narrow
-- definer function: it answers which of the given hashes are still referenced, and nothing else
-- (no tenant, no case, no content). Runs unchanged on PGlite and PostgreSQL.
--
-- Every column that names a blob (keep this list complete when adding one):
--   attachments.sha256                          case files, decision PDFs, mailbox files
--   decisions.pdf_sha256                        uploaded, generated and released decision documents
--   tenant_letterheads.logo_sha256              the logo printed on decisions
--   unrouted_submissions.submission->attachments[].sha256
--                                               parked submissions (platform table), whatever their status

-- The collector looks hashes up in batches; without this index every lookup scans all attachments.
CREATE INDEX attachments_sha256 ON attachments (sha256);
CREATE INDEX decisions_pdf_sha256 ON decisions (pdf_sha256) WHERE pdf_sha256 IS NOT NULL;

-- Runs as its owner (the migrating role). Should that role ever be subject to row-level security,
-- the function would see no rows and call every blob unreferenced: it refuses to answer instead.
CREATE FUNCTION blobs_referenced(p_hashes text[])
  RETURNS TABLE (referenced_hash text)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = current_user AND (r.rolsuper OR r.rolbypassrls)) THEN
    RAISE EXCEPTION 'blobs_referenced: owner % is subject to row-level security and cannot see every tenant', current_user;
  END IF;
  RETURN QUERY
    SELECT h.hash FROM unnest(p_hashes) AS h(hash)
    WHERE EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = h.hash)
       OR EXISTS (SELECT 1 FROM decisions d WHERE d.pdf_sha256 = h.hash)
       OR EXISTS (SELECT 1 FROM tenant_letterheads l WHERE l.logo_sha256 = h.hash)
       OR EXISTS (SELECT 1 FROM unrouted_submissions u
                  WHERE u.submission->'attachments' @> jsonb_build_array(jsonb_build_object('sha256', h.hash)));
END $$;

REVOKE ALL ON FUNCTION blobs_referenced(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION blobs_referenced(text[]) TO amtsdesk_app;
