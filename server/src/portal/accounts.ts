import type { Trx } from '../db/database.js';
import { randomToken, sha256Hex, uuidv7 } from '../shared/ids.js';

/** A link sent with a message notice stays valid for a few days; one asked for on the sign-in page briefly. */
export const NOTICE_LINK_TTL_MS = 72 * 3600_000;
export const REQUESTED_LINK_TTL_MS = 30 * 60_000;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The applicant's portal account in this tenant (one per e-mail address), created on first use. */
export async function ensureAccount(trx: Trx, tenantId: string, email: string, mailboxIdentifier?: string | null): Promise<string> {
  const address = normaliseEmail(email);
  const existing = await trx
    .selectFrom('portal_accounts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('email', '=', address)
    .executeTakeFirst();
  if (existing) return existing.id;
  const id = uuidv7();
  await trx
    .insertInto('portal_accounts')
    .values({ id, tenant_id: tenantId, email: address, mailbox_identifier: mailboxIdentifier ?? null, email_verified_at: null })
    .onConflict((oc) => oc.columns(['tenant_id', 'email']).doNothing())
    .execute();
  const row = await trx.selectFrom('portal_accounts').select('id').where('tenant_id', '=', tenantId).where('email', '=', address).executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A one-time sign-in link for the applicant with this e-mail address. Only the token's hash is
 * stored; the token travels in the URL fragment, so it never reaches server logs or proxies.
 */
export async function createLoginLink(
  trx: Trx, tenantId: string, email: string, publicUrl: string, ttlMs: number, options: { replaceOlder?: boolean } = {},
): Promise<string> {
  const accountId = await ensureAccount(trx, tenantId, email);
  // A link the applicant asked for is the only one that works: links of older e-mails (possibly
  // read or forwarded by someone else) die now. Message notices keep each other's links alive.
  if (options.replaceOlder) {
    await trx.deleteFrom('portal_login_links')
      .where('tenant_id', '=', tenantId).where('account_id', '=', accountId).where('used_at', 'is', null).execute();
  }
  const token = randomToken();
  await trx
    .insertInto('portal_login_links')
    .values({ token_hash: sha256Hex(token), tenant_id: tenantId, account_id: accountId, expires_at: new Date(Date.now() + ttlMs), used_at: null })
    .execute();
  return `${publicUrl.replace(/\/+$/, '')}/portal/anmelden#token=${token}`;
}
