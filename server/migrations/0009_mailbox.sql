-- Mailbox: messages between authority and applicant, their attachments, the per-tenant mailbox
-- channel settings and the citizen portal's applicant accounts, one-time sign-in links and
-- sessions. Runs unchanged on PGlite and PostgreSQL.

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  case_id uuid NOT NULL REFERENCES cases(id),
  direction text NOT NULL CHECK (direction IN ('out', 'in')),
  kind text NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'decision', 'reply')),
  subject text NOT NULL,
  body text NOT NULL,
  reply_by date,
  -- Outgoing: queued → sent → delivered → read, or failed (reason). Incoming: 'delivered'.
  delivery_status text NOT NULL DEFAULT 'queued' CHECK (delivery_status IN ('queued', 'sent', 'delivered', 'read', 'failed')),
  failure_reason text,
  channel text NOT NULL,               -- portal | external
  external_id text,                    -- the mailbox service's id of the message
  in_reply_to uuid REFERENCES messages(id),
  outbox_id uuid,                      -- the delivery in the outbox (outgoing only)
  created_by uuid,                     -- staff user (outgoing) or portal account (incoming)
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  read_at timestamptz
);
CREATE INDEX messages_case ON messages (tenant_id, case_id, created_at, id);
-- A reply the external service reports twice (webhook and polling, or a redelivery) is kept once.
CREATE UNIQUE INDEX messages_external_in ON messages (tenant_id, channel, external_id) WHERE direction = 'in' AND external_id IS NOT NULL;
CREATE INDEX messages_external_out ON messages (tenant_id, external_id) WHERE direction = 'out' AND external_id IS NOT NULL;

CREATE TABLE message_attachments (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  message_id uuid NOT NULL REFERENCES messages(id),
  attachment_id uuid NOT NULL REFERENCES attachments(id),
  position integer NOT NULL,
  PRIMARY KEY (message_id, attachment_id)
);

-- "Reply received": set with the incoming message, cleared when a caseworker has seen it.
ALTER TABLE cases ADD COLUMN unread_reply boolean NOT NULL DEFAULT false;
CREATE INDEX cases_unread_reply ON cases (tenant_id) WHERE unread_reply;
-- The portal finds an applicant's cases by the e-mail address of the application.
CREATE INDEX cases_applicant_email ON cases (lower(applicant->>'email'));

-- External mailbox service of a tenant (absent: the built-in citizen portal is the channel).
CREATE TABLE mailbox_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  external_base_url text,
  external_token text,
  webhook_secret text,
  poll_cursor text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Citizen portal -----------------------------------------------------------------------------------
CREATE TABLE portal_accounts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  email text NOT NULL,                 -- lower case
  mailbox_identifier text,
  email_verified_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, email)
);

CREATE TABLE portal_login_links (
  token_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  account_id uuid NOT NULL REFERENCES portal_accounts(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE portal_sessions (
  token_hash text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  account_id uuid NOT NULL REFERENCES portal_accounts(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['messages','message_attachments','mailbox_settings','portal_accounts','portal_login_links','portal_sessions']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
  END LOOP;
END $$;

-- Narrow cross-tenant entry points of the portal ---------------------------------------------------
-- A sign-in link knows only its token; it is consumed once and names its tenant and account.
CREATE FUNCTION portal_take_login_link(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, account_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
    UPDATE portal_login_links l SET used_at = now()
    WHERE l.token_hash = p_token_hash AND l.used_at IS NULL AND l.expires_at > now()
    RETURNING l.tenant_id, l.account_id
  $$;

CREATE FUNCTION portal_lookup_session(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, account_id uuid, csrf_token text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.tenant_id, s.account_id, s.csrf_token FROM portal_sessions s
    WHERE s.token_hash = p_token_hash AND s.expires_at > now()
  $$;

-- Which tenants hold applications of this e-mail address (tenant ids only, no content).
CREATE FUNCTION portal_tenants_of_email(p_email text)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT DISTINCT c.tenant_id FROM cases c WHERE lower(c.applicant->>'email') = lower(p_email)
  $$;

-- Webhooks of the external mailbox service name the tenant by slug and are signed with its secret.
CREATE FUNCTION mailbox_webhook_secret(p_slug text)
  RETURNS TABLE (tenant_id uuid, webhook_secret text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.tenant_id, s.webhook_secret FROM mailbox_settings s JOIN tenants t ON t.id = s.tenant_id
    WHERE t.slug = p_slug AND s.webhook_secret IS NOT NULL
  $$;

-- Tenants whose external mailbox service is polled for replies.
CREATE FUNCTION mailbox_polled_tenants()
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
    SELECT s.tenant_id FROM mailbox_settings s WHERE s.external_base_url IS NOT NULL
  $$;

GRANT SELECT, INSERT, UPDATE ON messages, mailbox_settings, portal_accounts TO amtsdesk_app;
GRANT SELECT, INSERT ON message_attachments TO amtsdesk_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON portal_login_links, portal_sessions TO amtsdesk_app;
REVOKE ALL ON FUNCTION portal_take_login_link(text), portal_lookup_session(text), portal_tenants_of_email(text),
  mailbox_webhook_secret(text), mailbox_polled_tenants() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION portal_take_login_link(text), portal_lookup_session(text), portal_tenants_of_email(text),
  mailbox_webhook_secret(text), mailbox_polled_tenants() TO amtsdesk_app;
