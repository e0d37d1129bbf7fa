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
  email: string;
  mailboxIdentifier: string | null;
  csrfToken: string;
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
  const account = await withTenant(db, { tenantId: session.tenant_id }, (trx) =>
    trx.selectFrom('portal_accounts').select(['id', 'email', 'mailbox_identifier']).where('id', '=', session.account_id).executeTakeFirst(),
  );
  if (!account) return null;
  return { tenantId: session.tenant_id, accountId: account.id, email: account.email, mailboxIdentifier: account.mailbox_identifier, csrfToken: session.csrf_token };
}

/**
 * The signed-in applicant of a portal request. State-changing requests must echo the session's
 * CSRF token in x-csrf-token (a cross-site form cannot read it).
 */
export async function requireApplicant(db: Database, request: FastifyRequest): Promise<Applicant> {
  const applicant = await resolveApplicant(db, request.cookies[PORTAL_COOKIE]);
  if (!applicant) {
    throw new AppError('unauthenticated', { detail: 'Bitte melden Sie sich mit dem Link aus Ihrer E-Mail an.', extra: { reason: 'portal_signed_out' } });
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
