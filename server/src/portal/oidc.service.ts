import { sql } from 'kysely';
import type { OidcConfig } from '../config.js';
import { withTenant, type Database, type Trx } from '../db/database.js';
import { beginOidcFlow, finishOidcFlow, type OidcClaims } from '../auth/oidc-code-flow.js';
import { randomToken, sha256Hex, uuidv7 } from '../shared/ids.js';
import { normaliseEmail } from './accounts.js';
import { PORTAL_SESSION_TTL_MS } from './sessions.js';
import { ownedBy } from './service.js';

/**
 * Claims that carry the applicant's mailbox at the user-account service (BundID: Postkorb-Handle,
 * SAML attribute urn:oid:2.5.4.18 as passed on by OIDC bridges). Without one, the subject is the identifier.
 */
export const MAILBOX_CLAIMS = ['postkorb_handle', 'postkorbHandle', 'urn:oid:2.5.4.18'];

/** The applicant's sign-in at a user-account service starts here (PKCE, state, nonce; state bound to the browser). */
export function startPortalOidc(db: Database, oidc: OidcConfig, tenantSlug: string) {
  return beginOidcFlow(db, oidc, tenantSlug, 'portal');
}

/**
 * Trust level as STORK-QAA level from the acr claim: STORK levels as such (BundID, Servicekonten),
 * eIDAS levels of assurance mapped low → 2, substantial → 3, high → 4. Anything else is not recorded.
 */
export function trustLevelOf(acr: unknown): string | null {
  if (typeof acr !== 'string') return null;
  const stork = /STORK-QAA-Level-([1-4])$/i.exec(acr.trim());
  if (stork) return `STORK-QAA-Level-${stork[1]}`;
  const eidas = /eidas\.europa\.eu\/LoA\/(low|substantial|high)$/i.exec(acr.trim());
  if (eidas) return `STORK-QAA-Level-${{ low: 2, substantial: 3, high: 4 }[eidas[1]!.toLowerCase() as 'low' | 'substantial' | 'high']}`;
  return null;
}

export interface PortalIdentity { mailboxIdentifier: string; verifiedEmail: string | null; trustLevel: string | null }

export function identityOf(claims: OidcClaims): PortalIdentity {
  const handle = MAILBOX_CLAIMS.map((name) => claims[name]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const email = typeof claims.email === 'string' && claims.email_verified === true ? normaliseEmail(claims.email) : '';
  return { mailboxIdentifier: (handle ?? claims.sub).trim(), verifiedEmail: email || null, trustLevel: trustLevelOf(claims.acr) };
}

export type PortalOidcOutcome = { ok: true; token: string; expiresAt: Date } | { ok: false; internal: string };

/**
 * Completes the applicant's sign-in. Only a person with an application in this municipality (by the
 * identifier or the confirmed e-mail address) gets a session; what the session may see is exactly that.
 */
export async function completePortalOidc(db: Database, oidc: OidcConfig, callbackUrl: URL, browserState: string | undefined): Promise<PortalOidcOutcome> {
  const flow = await finishOidcFlow(db, oidc, callbackUrl, browserState, 'portal', ['email', ...MAILBOX_CLAIMS]);
  if (!flow.ok) return { ok: false, internal: `${flow.reason}: ${flow.internal}` };
  const identity = identityOf(flow.claims);
  return withTenant(db, { tenantId: flow.tenantId }, async (trx) => {
    const scope = { email: identity.verifiedEmail, mailboxIdentifier: identity.mailboxIdentifier };
    const any = await trx.selectFrom('cases').select('id').where('tenant_id', '=', flow.tenantId).where(ownedBy(scope)).limit(1).executeTakeFirst()
      // A participant of a case (server/src/participants, the Antragsraum) signs in the same way.
      ?? await trx.selectFrom('case_participants').select('id').where('tenant_id', '=', flow.tenantId).where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('mailbox_identifier', '=', scope.mailboxIdentifier), ...(scope.email ? [eb(sql<string>`lower(email)`, '=', scope.email)] : [])]))
        .limit(1).executeTakeFirst();
    if (!any) return { ok: false, internal: 'no application or participation for this identifier or verified e-mail' };
    const accountId = await accountFor(trx, flow.tenantId, identity);
    const token = randomToken();
    const expiresAt = new Date(Date.now() + PORTAL_SESSION_TTL_MS);
    await trx.insertInto('portal_sessions').values({
      token_hash: sha256Hex(token), tenant_id: flow.tenantId, account_id: accountId, csrf_token: randomToken(), expires_at: expiresAt,
      method: 'oidc', mailbox_identifier: identity.mailboxIdentifier, verified_email: identity.verifiedEmail, trust_level: identity.trustLevel,
    }).execute();
    return { ok: true, token, expiresAt };
  });
}

/**
 * The portal account of this identifier; on first sign-in the account of the confirmed e-mail
 * address is linked when it has no identifier yet, otherwise a new account is opened.
 */
async function accountFor(trx: Trx, tenantId: string, identity: PortalIdentity): Promise<string> {
  const byIdentifier = await trx.selectFrom('portal_accounts').select('id')
    .where('tenant_id', '=', tenantId).where('mailbox_identifier', '=', identity.mailboxIdentifier).executeTakeFirst();
  if (byIdentifier) return byIdentifier.id;
  const byEmail = identity.verifiedEmail
    ? await trx.selectFrom('portal_accounts').select(['id', 'mailbox_identifier']).where('tenant_id', '=', tenantId).where('email', '=', identity.verifiedEmail).executeTakeFirst()
    : undefined;
  if (byEmail && byEmail.mailbox_identifier === null) {
    await trx.updateTable('portal_accounts').set({ mailbox_identifier: identity.mailboxIdentifier, email_verified_at: new Date() })
      .where('id', '=', byEmail.id).execute();
    return byEmail.id;
  }
  // The address may belong to another person's account (a family sharing one address): then no address here.
  const id = uuidv7();
  const email = byEmail ? null : identity.verifiedEmail;
  await trx.insertInto('portal_accounts')
    .values({ id, tenant_id: tenantId, email, mailbox_identifier: identity.mailboxIdentifier, email_verified_at: email ? new Date() : null })
    .execute();
  return id;
}
