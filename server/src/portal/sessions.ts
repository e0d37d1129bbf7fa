import { sql } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config.js';
import { withPlatform, withTenant, type Database } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { randomToken, sha256Hex } from '../shared/ids.js';

/** The applicants' cookie: separate from staff sessions, only sent to the portal API. */
export const PORTAL_COOKIE = 'amtsdesk_portal';
export const PORTAL_COOKIE_PATH = '/api/portal';
export const PORTAL_SESSION_TTL_MS = 2 * 3600_000;

export interface Applicant {
  tenantId: string;
  accountId: string;
  /** The e-mail address this session may see applications of (link: the account's; OIDC: confirmed in this sign-in). */
  email: string | null;
  /** OIDC sessions only: the user account's identifier, matched against applicant.mailbox.identifier. */
  mailboxIdentifier: string | null;
  csrfToken: string;
  method: 'link' | 'oidc';
  /** STORK-QAA level of an OIDC sign-in (from the acr claim), when the provider reported one. */
  trustLevel: string | null;
}

export const INVALID_LINK_DETAIL =
  'Dieser Anmeldelink ist ungültig, abgelaufen oder wurde bereits verwendet. Fordern Sie bitte einen neuen Link an.';

/** Consumes a one-time link and opens a portal session; the e-mail address counts as verified from now on. */
export async function signInWithLink(db: Database, token: string): Promise<{ token: string; expiresAt: Date; tenantId: string }> {
  const link = await withPlatform(db, async (trx) =>
    (await sql<{ tenant_id: string; account_id: string }>`select * from portal_take_login_link(${sha256Hex(token)})`.execute(trx)).rows[0],
  );
  if (!link) throw new AppError('unauthenticated', { detail: INVALID_LINK_DETAIL, extra: { reason: 'invalid_link' } });
  const sessionToken = randomToken();
  const expiresAt = new Date(Date.now() + PORTAL_SESSION_TTL_MS);
  await withTenant(db, { tenantId: link.tenant_id }, async (trx) => {
    await trx.updateTable('portal_accounts').set({ email_verified_at: new Date() })
      .where('id', '=', link.account_id).where('email_verified_at', 'is', null).execute();
    await trx.insertInto('portal_sessions').values({
      token_hash: sha256Hex(sessionToken), tenant_id: link.tenant_id, account_id: link.account_id, csrf_token: randomToken(), expires_at: expiresAt,
    }).execute();
  });
  return { token: sessionToken, expiresAt, tenantId: link.tenant_id };
}

export async function resolveApplicant(db: Database, token: string | undefined): Promise<Applicant | null> {
  if (!token) return null;
  const session = await withPlatform(db, async (trx) =>
    (await sql<{ tenant_id: string; account_id: string; csrf_token: string }>`select * from portal_lookup_session(${sha256Hex(token)})`.execute(trx)).rows[0],
  );
  if (!session) return null;
  const row = await withTenant(db, { tenantId: session.tenant_id }, (trx) =>
    trx.selectFrom('portal_sessions').innerJoin('portal_accounts', 'portal_accounts.id', 'portal_sessions.account_id')
      .select(['portal_accounts.id', 'portal_accounts.email', 'portal_sessions.method', 'portal_sessions.mailbox_identifier', 'portal_sessions.verified_email', 'portal_sessions.trust_level'])
      .where('portal_sessions.token_hash', '=', sha256Hex(token)).executeTakeFirst(),
  );
  if (!row) return null;
  // What a session may see is what its sign-in proved: a link the account's address, OIDC the identifier and the confirmed address.
  const oidc = row.method === 'oidc';
  return {
    tenantId: session.tenant_id, accountId: row.id, csrfToken: session.csrf_token, method: oidc ? 'oidc' : 'link', trustLevel: row.trust_level,
    email: oidc ? row.verified_email : row.email, mailboxIdentifier: oidc ? row.mailbox_identifier : null,
  };
}

/**
 * The signed-in applicant of a portal request. State-changing requests must echo the session's
 * CSRF token in x-csrf-token (a cross-site form cannot read it).
 */
export async function requireApplicant(db: Database, request: FastifyRequest): Promise<Applicant> {
  const applicant = await resolveApplicant(db, request.cookies[PORTAL_COOKIE]);
  if (!applicant) {
    throw new AppError('unauthenticated', { detail: 'Bitte melden Sie sich erneut an.', extra: { reason: 'portal_signed_out' } });
  }
  if (!['GET', 'HEAD'].includes(request.method) && request.headers['x-csrf-token'] !== applicant.csrfToken) throw new AppError('csrf_failed');
  return applicant;
}

export function setPortalCookie(reply: FastifyReply, config: AppConfig, token: string, expiresAt: Date): void {
  reply.setCookie(PORTAL_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, path: PORTAL_COOKIE_PATH, expires: expiresAt });
}

export async function signOut(db: Database, reply: FastifyReply, config: AppConfig, applicant: Applicant | null, token: string | undefined): Promise<void> {
  if (applicant && token) {
    await withTenant(db, { tenantId: applicant.tenantId }, (trx) => trx.deleteFrom('portal_sessions').where('token_hash', '=', sha256Hex(token)).execute());
  }
  reply.clearCookie(PORTAL_COOKIE, { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, path: PORTAL_COOKIE_PATH });
}
