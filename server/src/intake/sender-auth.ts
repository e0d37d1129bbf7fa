import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { resolveApiToken, API_TOKEN_PREFIX, PLATFORM_TOKEN_PREFIX } from '../auth/api-tokens.js';
import { permissionsOf } from '../auth/principal.js';
import { AppError } from '../shared/errors.js';
import { rateLimited } from '../auth/rate-limit.js';
import { randomToken, sha256Hex, uuidv7 } from '../shared/ids.js';
import type { Sender } from './types.js';

export { PLATFORM_TOKEN_PREFIX };

/**
 * The header forms a sender may use, as the OpenAPI document lists them (securitySchemes in
 * http/app.ts): each one carries a tenant API token (adk_…) or a platform intake token (adkp_…).
 */
export const INTAKE_SECURITY: Array<Record<string, string[]>> = [{ bearer: [] }, { intakeBasic: [] }, { intakeToken: [] }];
export const INTAKE_HEADERS_HINT =
  'Bitte senden Sie den Schlüssel in der Kopfzeile „Authorization: Bearer <Schlüssel>“, per HTTP Basic (Passwort = Schlüssel) oder in der Kopfzeile „X-Intake-Token“.';

const noAccess = () => new AppError('unauthenticated', { detail: `Für die Einreichung fehlt ein gültiger Eingangs-Zugang (API-Schlüssel). ${INTAKE_HEADERS_HINT}` });
const unknownToken = () => new AppError('unauthenticated', { detail: 'Der Eingangs-Zugang ist ungültig oder widerrufen.' });

/** A platform-wide intake token for a form server that serves many municipalities. Shown once. */
export async function createPlatformIntakeToken(db: Database, name: string): Promise<{ id: string; token: string }> {
  const id = uuidv7();
  const token = `${PLATFORM_TOKEN_PREFIX}${randomToken()}`;
  await withPlatform(db, (trx) => trx.insertInto('intake_platform_tokens').values({ id, name, token_hash: sha256Hex(token) }).execute());
  return { id, token };
}

export async function revokePlatformIntakeToken(db: Database, id: string): Promise<boolean> {
  const res = await withPlatform(db, (trx) =>
    trx.updateTable('intake_platform_tokens').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst(),
  );
  return Number(res.numUpdatedRows) > 0;
}

/**
 * Resolves a plain token (tenant `adk_…` with scope intake:submit, or platform `adkp_…`). Each
 * look-up also counts the token's use in the current second, in the same statement, and a token
 * past perSecond submissions in this second gets 429 (a runaway or stolen sender cannot flood us).
 */
export async function senderFromToken(db: Database, token: string, perSecond: number): Promise<Sender> {
  if (token.startsWith(PLATFORM_TOKEN_PREFIX)) {
    const row = await withPlatform(db, async (trx) =>
      (await sql<{ id: string; name: string; uses_this_second: number }>`select * from intake_lookup_platform_token(${sha256Hex(token)})`.execute(trx)).rows[0],
    );
    if (!row) throw unknownToken();
    assertWithinRate(row.uses_this_second, perSecond);
    return { kind: 'platform', tokenId: row.id, name: row.name };
  }
  if (token.startsWith(API_TOKEN_PREFIX)) {
    const principal = await resolveApiToken(db, token);
    if (!principal) throw unknownToken();
    if (!principal.scopes.includes('intake:submit')) throw forbidden();
    assertWithinRate(principal.usesThisSecond, perSecond);
    return { kind: 'tenant', tenantId: principal.tenantId, tokenId: principal.tokenId };
  }
  throw new AppError('unauthenticated', {
    detail: `Der Eingangs-Zugang hat kein bekanntes Format (er beginnt mit „${API_TOKEN_PREFIX}“ oder „${PLATFORM_TOKEN_PREFIX}“). ${INTAKE_HEADERS_HINT}`,
  });
}

const forbidden = () => new AppError('forbidden', { detail: 'Dieser API-Schlüssel darf keine Anträge einreichen (Berechtigung intake:submit fehlt).' });

function assertWithinRate(uses: number | undefined, perSecond: number): void {
  if (uses !== undefined && uses > perSecond) throw rateLimited(1, 'Zu viele Einreichungen mit diesem Zugang.');
}

/**
 * The sender of an HTTP submission: a tenant API token as Bearer (already resolved, and counted, by
 * the global hook), or any intake token as Bearer, as HTTP Basic password or in the X-Intake-Token header.
 */
export async function authenticateSender(request: FastifyRequest, db: Database, perSecond: number): Promise<Sender> {
  const principal = request.principal;
  if (principal?.kind === 'token') {
    if (!permissionsOf(principal).has('intake.submit')) throw forbidden();
    assertWithinRate(principal.usesThisSecond, perSecond);
    return { kind: 'tenant', tenantId: principal.tenantId, tokenId: principal.tokenId };
  }
  if (principal) throw forbidden();
  const token = tokenFromHeaders(request.headers);
  if (!token) throw noAccess();
  return senderFromToken(db, token, perSecond);
}

/**
 * The intake token from whichever listed header carries it; null when none does. An Authorization
 * header in another form (a bare token, "Token …") is refused with the forms we accept, instead of
 * the generic "sign in" a newcomer can't act on. The scheme name is case-insensitive (RFC 9110).
 */
export function tokenFromHeaders(headers: FastifyRequest['headers']): string | null {
  const explicit = headers['x-intake-token'];
  if (typeof explicit === 'string' && explicit.trim()) return explicit.trim();
  const auth = headers.authorization?.trim();
  if (!auth) return null;
  const [scheme = '', ...rest] = auth.split(/\s+/);
  const value = rest.join(' ');
  if (/^bearer$/i.test(scheme) && value) return value;
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : decoded;
  }
  throw new AppError('unauthenticated', {
    // The header is not echoed: a bare token would travel back in the answer.
    detail: `Die Kopfzeile „Authorization“ hat eine unbekannte Form. ${INTAKE_HEADERS_HINT}`,
  });
}

/** Whether the tenant rejects executable attachments (default: yes). */
export async function rejectsExecutables(db: Database, sender: Sender): Promise<boolean> {
  if (sender.kind !== 'tenant') return true;
  const row = await withTenant(db, { tenantId: sender.tenantId }, (trx) =>
    trx.selectFrom('intake_settings').select('allow_executables').where('tenant_id', '=', sender.tenantId).executeTakeFirst(),
  );
  return !row?.allow_executables;
}
