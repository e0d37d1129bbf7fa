import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { withPlatform, withTenant } from '../../db/database.js';
import { uuidv7 } from '../../shared/ids.js';
import { AppError } from '../../shared/errors.js';
import type { OutboundPolicy } from '../../shared/outbound/index.js';
import { fetchDestinationKey } from './submission-api.js';
import type { SubmissionApiAccess } from './submission-auth.js';

/** The subscriber's OAuth2 client at the Zustelldienst (migration 0060). */
export interface FitOAuthInput { tokenUrl: string; clientId: string; clientSecret: string; scope?: string }

export interface FitDestination extends SubmissionApiAccess {
  tenantId: string;
  tenantSlug: string;
  destinationId: string;
  /** Private JWK for RSA-OAEP-256. Never log it, never return it from the API. */
  privateJwk: Record<string, unknown>;
  /** Private JWK (PS512) for signing accept/reject events; null until the admin sets one. */
  signingJwk: Record<string, unknown> | null;
}

export async function registerFitDestination(
  db: Database,
  tenantId: string,
  input: { destinationId: string; submissionApiUrl: string; privateJwk: Record<string, unknown>; signingJwk?: Record<string, unknown>; callbackSecret?: string; oauth?: FitOAuthInput },
): Promise<string> {
  const id = uuidv7();
  await withTenant(db, { tenantId }, (trx) =>
    trx
      .insertInto('fit_connect_destinations')
      .values({
        id,
        tenant_id: tenantId,
        destination_id: input.destinationId,
        submission_api_url: input.submissionApiUrl.replace(/\/$/, ''),
        private_jwk: JSON.stringify(input.privateJwk),
        signing_jwk: input.signingJwk ? JSON.stringify(input.signingJwk) : null,
        callback_secret: input.callbackSecret ?? null,
        token_url: input.oauth?.tokenUrl ?? null,
        client_id: input.oauth?.clientId ?? null,
        client_secret: input.oauth?.clientSecret ?? null,
        oauth_scope: input.oauth?.scope ?? null,
      })
      .execute(),
  );
  return id;
}

const NOT_CONFIRMED = 'Der Zustellpunkt konnte nicht bestätigt werden: Die Submission-API veröffentlicht unter dieser Zustellpunkt-ID keinen Schlüssel, der zum angegebenen privaten Schlüssel passt.';
const notConfirmed = () => new AppError('unprocessable', { field: 'destinationId', detail: NOT_CONFIRMED, internal: 'fit destination not confirmed' });

/**
 * A tenant admin connects a destination. Only the holder of the destination's private key may:
 * the key must match the public key the Submission API publishes for the destination id. A
 * destination another tenant has connected gets the same answer as an unknown one, so nobody can
 * probe which destination ids other tenants use.
 */
export async function connectFitDestination(
  db: Database, tenantId: string, input: Parameters<typeof registerFitDestination>[2], outbound: OutboundPolicy,
): Promise<string> {
  const api = { submissionApiUrl: input.submissionApiUrl.replace(/\/$/, ''), oauth: input.oauth ?? null };
  const published = await fetchDestinationKey(api, input.destinationId, outbound);
  const holdsKey = published?.kty === 'RSA' && typeof published.n === 'string' && published.n === input.privateJwk.n && published.e === input.privateJwk.e;
  if (!holdsKey) throw notConfirmed();
  try {
    return await registerFitDestination(db, tenantId, input);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    const ours = await withTenant(db, { tenantId }, (trx) =>
      trx.selectFrom('fit_connect_destinations').select('id').where('destination_id', '=', input.destinationId).executeTakeFirst());
    if (ours) throw new AppError('duplicate', { field: 'destinationId', detail: 'Dieser Zustellpunkt ist bereits angebunden.' });
    throw notConfirmed();
  }
}

/** The destination with its key, read inside its own tenant's context. */
export async function loadFitDestination(db: Database, destinationId: string): Promise<FitDestination | null> {
  const owner = await withPlatform(db, async (trx) =>
    (await sql<{ tenant_id: string }>`select * from intake_fit_destination_tenant(${destinationId}::uuid)`.execute(trx)).rows[0],
  );
  if (!owner) return null;
  const tenant = await withPlatform(db, (trx) => trx.selectFrom('tenants').select('slug').where('id', '=', owner.tenant_id).executeTakeFirstOrThrow());
  const row = await withTenant(db, { tenantId: owner.tenant_id }, (trx) =>
    trx.selectFrom('fit_connect_destinations').select(['destination_id', 'submission_api_url', 'private_jwk', 'signing_jwk', 'token_url', 'client_id', 'client_secret', 'oauth_scope']).where('destination_id', '=', destinationId).executeTakeFirst(),
  );
  if (!row) return null;
  return {
    tenantId: owner.tenant_id,
    tenantSlug: tenant.slug,
    destinationId: row.destination_id,
    submissionApiUrl: row.submission_api_url,
    privateJwk: row.private_jwk as unknown as Record<string, unknown>,
    signingJwk: (row.signing_jwk as unknown as Record<string, unknown> | null) ?? null,
    oauth: row.token_url && row.client_id && row.client_secret
      ? { tokenUrl: row.token_url, clientId: row.client_id, clientSecret: row.client_secret, ...(row.oauth_scope ? { scope: row.oauth_scope } : {}) }
      : null,
  };
}

export async function listFitDestinationIds(db: Database): Promise<string[]> {
  return withPlatform(db, async (trx) =>
    (await sql<{ destination_id: string }>`select * from intake_fit_destinations_all()`.execute(trx)).rows.map((r) => r.destination_id),
  );
}
